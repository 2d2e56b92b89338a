using LiquidMetal.Core.Reconcile;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Core.Tests.Reconcile;

public class WorkQueueTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Add_SameKeyTwice_HandedOutOnce()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal("b", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task Add_WhileProcessing_RequeuedOnlyAfterDone()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var key = await queue.TakeAsync(CancellationToken.None);
        queue.Add("a");

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.TakeAsync(cts.Token));

        queue.Done(key);
        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddAfter_FiresOnlyWhenClockAdvances()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        Assert.Equal(0, queue.Length);

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, queue.Length);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddAfter_EarlierDelayWins()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Workers_NeverProcessOneKeyConcurrently()
    {
        using var queue = new WorkQueue<int>(TimeProvider.System);
        var inFlight = new int[10];
        var violations = 0;
        var processed = 0;
        using var cts = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var key = await queue.TakeAsync(cts.Token);
                    if (Interlocked.Increment(ref inFlight[key]) > 1)
                    {
                        Interlocked.Increment(ref violations);
                    }

                    await Task.Yield();
                    Interlocked.Decrement(ref inFlight[key]);
                    Interlocked.Increment(ref processed);
                    queue.Done(key);
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToList();

        for (var i = 0; i < 5000; i++)
        {
            queue.Add(i % 10);
        }

        while (queue.Length > 0)
        {
            await Task.Delay(10);
        }

        await cts.CancelAsync();
        await Task.WhenAll(workers);
        Assert.Equal(0, violations);
        Assert.True(processed >= 10);
    }
}
