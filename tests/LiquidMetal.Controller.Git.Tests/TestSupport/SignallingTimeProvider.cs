using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Controller.Git.Tests.TestSupport;

/// <summary>
/// A fake clock that says when someone starts waiting on it: a watch has finished a poll exactly when it
/// creates its next delay timer, so tests advance the clock only then and never sleep.
/// </summary>
public sealed class SignallingTimeProvider : TimeProvider, IDisposable
{
    private readonly FakeTimeProvider _fake = new();
    private readonly SemaphoreSlim _timers = new(0);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Waits until the next timer is created: the watch has finished a poll and waits for the next one.</summary>
    public async Task WaitForTimerAsync()
    {
        if (!await _timers.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("Nothing started waiting on the clock within 30 s");
        }
    }

    public void Advance(TimeSpan by) => _fake.Advance(by);

    public void Dispose() => _timers.Dispose();
}
