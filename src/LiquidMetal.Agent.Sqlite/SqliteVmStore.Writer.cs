using System.Collections.Immutable;
using LiquidMetal.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LiquidMetal.Agent.Sqlite;

public sealed partial class SqliteVmStore
{
    /// <summary>
    /// The writer thread: takes everything queued (up to <see cref="SqliteVmStoreOptions.MaxWriteBatch"/>)
    /// and commits it in one transaction, so concurrent writers share one fsync. A dedicated thread keeps
    /// commits going when the thread pool is busy serving readers. Runs until the queue is completed and
    /// drained.
    /// </summary>
    private void RunWriter()
    {
        try
        {
            var operations = new List<WriteOperation>(_options.MaxWriteBatch);
            foreach (var first in _queue.GetConsumingEnumerable())
            {
                operations.Add(first);
                while (operations.Count < _options.MaxWriteBatch && _queue.TryTake(out var next))
                {
                    operations.Add(next);
                }

                CommitBatch(operations);
                operations.Clear();
            }
        }
        finally
        {
            _writerStopped.TrySetResult();
        }
    }

    private void CommitBatch(List<WriteOperation> operations)
    {
        _started.Clear();
        foreach (var operation in operations)
        {
            if (operation.TryStart())
            {
                _started.Add(operation);
            }
        }

        if (_started.Count == 0)
        {
            return;
        }

        var committed = _state;
        var batch = new WriteBatch(_commands, committed, _time.GetUtcNow());
        SqliteTransaction? transaction = null;
        try
        {
            transaction = _commands.Begin();
            foreach (var operation in _started)
            {
                operation.Apply(batch);
            }

            if (batch.Changes.Count > 0)
            {
                var trimUpTo = batch.State.Revision - _options.ChangeLogRetention;
                if (trimUpTo > 0)
                {
                    _commands.TrimChanges(trimUpTo);
                }

                transaction.Commit();
            }
            else
            {
                transaction.Rollback();
            }
        }
        catch (Exception e)
        {
            LogWriteFailed(_logger, e, _started.Count);
            TryRollback(transaction);
            foreach (var operation in _started)
            {
                operation.Fail(e);
            }

            RecoverAfterFailedWrite(committed);
            return;
        }
        finally
        {
            transaction?.Dispose();
        }

        // Only now, with the transaction durable, do readers and watchers see the batch.
        if (batch.Changes.Count > 0)
        {
            Volatile.Write(ref _state, batch.State);
            Publish(batch.Changes);
        }

        foreach (var operation in _started)
        {
            operation.Complete();
        }

        if (batch.Changes.Count > 0 && ++_batchesSinceCheckpoint >= WalCheckpointer.BatchesPerCheckpoint)
        {
            _batchesSinceCheckpoint = 0;
            _checkpointer.Request();
        }
    }

    private void TryRollback(SqliteTransaction? transaction)
    {
        if (transaction is null)
        {
            return;
        }

        try
        {
            transaction.Rollback();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            LogRollbackFailed(_logger, e);
        }
    }

    /// <summary>
    /// After a failed commit, memory may no longer match the file (SQLite can fail a COMMIT whose frames
    /// reached the WAL). Reload what the file holds; if it moved on, watchers missed changes and must relist.
    /// </summary>
    private void RecoverAfterFailedWrite(VmStoreState committed)
    {
        try
        {
            var reloaded = LoadState(_connection);
            if (reloaded.Revision == committed.Revision)
            {
                return;
            }

            LogReloadedAfterFailedWrite(_logger, committed.Revision, reloaded.Revision);
            Volatile.Write(ref _state, reloaded);
            var watchers = ImmutableInterlocked.InterlockedExchange(ref _watchers, []);
            foreach (var watcher in watchers)
            {
                watcher.End(new RevisionCompactedException(
                    $"A failed write left the store at revision {reloaded.Revision}: list again and watch from there"));
            }
        }
        catch (Exception e) when (e is SqliteException or SqliteVmStoreException or InvalidOperationException)
        {
            LogReloadFailed(_logger, e);
        }
    }

    private void Publish(IReadOnlyList<VmChange> changes)
    {
        // Full fence: a watcher that subscribed before this batch's state was published must be seen here.
        Interlocked.MemoryBarrier();
        var watchers = _watchers;
        foreach (var watcher in watchers)
        {
            foreach (var change in changes)
            {
                if (!watcher.TryPublish(change))
                {
                    LogWatcherFellBehind(_logger, change.Revision, _options.WatchBufferCapacity);
                    Unsubscribe(watcher);
                    break;
                }
            }
        }
    }

    private void Unsubscribe(WatchSubscription subscription) =>
        ImmutableInterlocked.Update(ref _watchers, static (watchers, item) => watchers.Remove(item), subscription);
}
