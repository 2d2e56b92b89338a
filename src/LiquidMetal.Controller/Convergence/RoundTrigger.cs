using System.Threading.Channels;

namespace LiquidMetal.Controller.Convergence;

/// <summary>Coalescing wake-up for the convergence loop: any number of kicks before a round make one round.</summary>
internal sealed class RoundTrigger
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Kick() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a kick or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _channel.Reader.WaitToReadAsync(timer.Token).ConfigureAwait(false);
            _channel.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the resync interval passed
        }
    }
}
