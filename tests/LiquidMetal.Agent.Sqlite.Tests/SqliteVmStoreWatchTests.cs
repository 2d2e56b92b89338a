using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Sqlite.Tests;

public sealed class SqliteVmStoreWatchTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WatchAsync_FromZero_ReplaysEveryChangeInOrder()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var vm = (await store.CreateAsync(TestVms.New("a"), CancellationToken.None)).Vm;
        var updated = await store.UpdateAsync(vm with { Status = new MicroVmStatus { State = MicroVmState.Created } }, 1, CancellationToken.None);
        await store.DeleteAsync(vm.Uid, CancellationToken.None);

        var changes = await TakeAsync(store.WatchAsync(0, CancellationToken.None), 3);

        Assert.Equal([1L, 2L, 3L], changes.Select(c => c.Revision));
        Assert.Equal([VmChangeType.Added, VmChangeType.Modified, VmChangeType.Deleted], changes.Select(c => c.Type));
        Assert.Equal(TestVms.Json(vm), TestVms.Json(changes[0].Vm));
        Assert.Equal(TestVms.Json(updated), TestVms.Json(changes[1].Vm));
        Assert.Equal(TestVms.Json(updated), TestVms.Json(changes[2].Vm));
    }

    [Fact]
    public async Task WatchAsync_CurrentRevision_YieldsOnlyLiveChanges()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        await store.CreateAsync(TestVms.New("a"), CancellationToken.None);
        await using var watch = store.WatchAsync(store.Snapshot().Revision, CancellationToken.None).GetAsyncEnumerator();
        var next = watch.MoveNextAsync();

        var b = (await store.CreateAsync(TestVms.New("b"), CancellationToken.None)).Vm;

        Assert.True(await next.AsTask().WaitAsync(Patience));
        Assert.Equal(2, watch.Current.Revision);
        Assert.Equal(b.Uid, watch.Current.Vm.Uid);
    }

    [Fact]
    public async Task WatchAsync_DuringConcurrentWrites_DeliversEveryRevisionOnce()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath, changeLogRetention: 100_000);
        for (var i = 0; i < 200; i++)
        {
            await store.CreateAsync(TestVms.New($"seed-{i}"), CancellationToken.None);
        }

        const int Writers = 4;
        const int WritesPerWriter = 150;
        const long FinalRevision = 200 + (Writers * WritesPerWriter);
        using var timeout = new CancellationTokenSource(Patience);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < WritesPerWriter / 3; i++)
            {
                var vm = (await store.CreateAsync(TestVms.New($"w{w}-{i}"), timeout.Token)).Vm;
                var updated = await store.UpdateAsync(vm with { Status = new MicroVmStatus { Attempts = 1 } }, 1, timeout.Token);
                await store.UpdateAsync(updated with { Status = new MicroVmStatus { Attempts = 2 } }, 2, timeout.Token);
            }
        })).ToArray();

        // Watchers start from old, recent and current revisions while the writers run.
        var watchers = new List<(long After, Task<List<VmChange>> Changes)>();
        foreach (var after in new long[] { 0, 1, 50, 199 })
        {
            watchers.Add((after, CollectUntilAsync(store, after, FinalRevision, timeout.Token)));
        }

        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(5, timeout.Token);
            var current = store.Snapshot().Revision;
            watchers.Add((current, CollectUntilAsync(store, current, FinalRevision, timeout.Token)));
        }

        await Task.WhenAll(writers);
        Assert.Equal(FinalRevision, store.Snapshot().Revision);
        var reference = await watchers[0].Changes;
        foreach (var (after, changes) in watchers)
        {
            var received = await changes;
            Assert.Equal(LongRange(after + 1, FinalRevision), received.Select(c => c.Revision));
            Assert.Equal(
                reference.Skip((int)after).Select(c => (c.Type, TestVms.Json(c.Vm))),
                received.Select(c => (c.Type, TestVms.Json(c.Vm))));
        }
    }

    [Fact]
    public async Task WatchAsync_RevisionOlderThanLog_ThrowsRevisionCompacted()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath, changeLogRetention: 10);
        for (var i = 0; i < 30; i++)
        {
            await store.CreateAsync(TestVms.New($"vm-{i}"), CancellationToken.None);
        }

        await Assert.ThrowsAsync<RevisionCompactedException>(() => TakeAsync(store.WatchAsync(5, CancellationToken.None), 1));
        await Assert.ThrowsAsync<RevisionCompactedException>(() => TakeAsync(store.WatchAsync(19, CancellationToken.None), 1));
        Assert.Equal(LongRange(21, 30), (await TakeAsync(store.WatchAsync(20, CancellationToken.None), 10)).Select(c => c.Revision));
        Assert.Equal(LongRange(21, 30), (await TakeAsync(store.WatchAsync(0, CancellationToken.None), 10)).Select(c => c.Revision));
        Assert.Equal(0, store.WatcherCount);
    }

    [Fact]
    public async Task WatchAsync_RevisionAheadOfStore_ThrowsRevisionCompacted()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        await store.CreateAsync(TestVms.New("a"), CancellationToken.None);

        await Assert.ThrowsAsync<RevisionCompactedException>(() => TakeAsync(store.WatchAsync(2, CancellationToken.None), 1));
    }

    [Fact]
    public async Task WatchAsync_SlowWatcher_EndsWithRevisionCompactedWithoutBlockingWriters()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath, watchBufferCapacity: 8);
        await using var slow = store.WatchAsync(0, CancellationToken.None).GetAsyncEnumerator();
        var first = slow.MoveNextAsync();

        for (var i = 0; i < 50; i++)
        {
            await store.CreateAsync(TestVms.New($"vm-{i}"), CancellationToken.None).WaitAsync(Patience);
        }

        Assert.True(await first);
        var received = 1;
        var error = await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            while (await slow.MoveNextAsync())
            {
                Assert.Equal(++received, slow.Current.Revision);
            }
        });
        Assert.InRange(received, 8, 10);
        Assert.Contains("list again", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.WatcherCount);
        Assert.Equal(50, store.Snapshot().Revision);
    }

    [Fact]
    public async Task WatchAsync_Cancelled_EndsAndUnsubscribes()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        await store.CreateAsync(TestVms.New("a"), CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        await using var watch = store.WatchAsync(0, cancellation.Token).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());
        var waiting = watch.MoveNextAsync();
        Assert.Equal(1, store.WatcherCount);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.Equal(0, store.WatcherCount);
        await store.CreateAsync(TestVms.New("b"), CancellationToken.None);
        Assert.Equal(2, store.Snapshot().Revision);
    }

    [Fact]
    public async Task WatchAsync_StoreDisposed_EndsWatcher()
    {
        var store = await TestVms.OpenAsync(_directory.DatabasePath);
        await using var watch = store.WatchAsync(0, CancellationToken.None).GetAsyncEnumerator();
        var waiting = watch.MoveNextAsync();

        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await waiting.AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task WatchAsync_AfterReopen_ReplaysChangesFromBeforeRestart()
    {
        await using (var store = await TestVms.OpenAsync(_directory.DatabasePath))
        {
            await store.CreateAsync(TestVms.New("a"), CancellationToken.None);
            await store.CreateAsync(TestVms.New("b"), CancellationToken.None);
        }

        await using var reopened = await TestVms.OpenAsync(_directory.DatabasePath);
        await using var watch = reopened.WatchAsync(1, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(2, watch.Current.Revision);
        Assert.Equal("b", watch.Current.Vm.Id);

        var next = watch.MoveNextAsync();
        await reopened.CreateAsync(TestVms.New("c"), CancellationToken.None);
        Assert.True(await next.AsTask().WaitAsync(Patience));
        Assert.Equal(3, watch.Current.Revision);
    }

    private static async Task<List<VmChange>> TakeAsync(IAsyncEnumerable<VmChange> changes, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var taken = new List<VmChange>();
        await foreach (var change in changes.WithCancellation(timeout.Token))
        {
            taken.Add(change);
            if (taken.Count == count)
            {
                break;
            }
        }

        return taken;
    }

    private static async Task<List<VmChange>> CollectUntilAsync(SqliteVmStore store, long after, long until, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var collected = new List<VmChange>();
        if (after >= until)
        {
            return collected;
        }

        await foreach (var change in store.WatchAsync(after, cancellationToken))
        {
            collected.Add(change);
            if (change.Revision >= until)
            {
                break;
            }
        }

        return collected;
    }

    private static IEnumerable<long> LongRange(long from, long to)
    {
        for (var revision = from; revision <= to; revision++)
        {
            yield return revision;
        }
    }
}
