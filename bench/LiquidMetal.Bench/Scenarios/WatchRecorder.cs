using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;
using LiquidMetal.Api.Agent.V1;

namespace LiquidMetal.Bench.Scenarios;

/// <summary>
/// Keeps one WatchMicroVMs stream open and stamps every event with the moment it was read, so a wait measures
/// when the client learned of a change, not when it got around to looking.
/// </summary>
public sealed class WatchRecorder : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<MicroVMEvent> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(long Timestamp, MicroVMEvent Event)> _events = Channel.CreateUnbounded<(long, MicroVMEvent)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _reader;

    private WatchRecorder(HostAgent.HostAgentClient client, string @namespace)
    {
        _call = client.WatchMicroVMs(new WatchMicroVMsRequest { Namespace = @namespace }, cancellationToken: _stop.Token);
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Opens the watch and returns after its BOOKMARK (the end of the initial list).</summary>
    public static async Task<WatchRecorder> OpenAsync(HostAgent.HostAgentClient client, string @namespace)
    {
        var recorder = new WatchRecorder(client, @namespace);
        await recorder.WaitForAsync(e => e.Type == MicroVMEvent.Types.EventType.Bookmark, TimeSpan.FromSeconds(30));
        return recorder;
    }

    /// <summary>The first event from now on that matches, with the timestamp it was read at.</summary>
    public async Task<(long Timestamp, MicroVMEvent Event)> WaitForAsync(Func<MicroVMEvent, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var item = await _events.Reader.ReadAsync(cts.Token);
                if (match(item.Event))
                {
                    return item;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"No matching watch event within {timeout.TotalSeconds:0} s");
        }
        catch (ChannelClosedException ex)
        {
            throw new InvalidOperationException("The watch stream ended", ex.InnerException ?? ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (RpcException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        _call.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token))
            {
                _events.Writer.TryWrite((Stopwatch.GetTimestamp(), _call.ResponseStream.Current));
            }

            _events.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _events.Writer.TryComplete(ex);
            throw;
        }
    }
}
