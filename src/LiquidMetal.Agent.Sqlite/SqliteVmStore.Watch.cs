using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using LiquidMetal.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LiquidMetal.Agent.Sqlite;

public sealed partial class SqliteVmStore
{
    private const int ReplayPageSize = 512;

    /// <summary>
    /// Changes after <paramref name="afterRevision"/> from the log, then live ones as they commit, in
    /// revision order with no gap and no duplicate. 0 replays whatever the log retains.
    /// </summary>
    /// <exception cref="RevisionCompactedException">
    /// The log no longer holds the changes after <paramref name="afterRevision"/>, the revision is ahead
    /// of the store, or the watcher fell too far behind live changes: list again.
    /// </exception>
    public async IAsyncEnumerable<VmChange> WatchAsync(
        long afterRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);

        // Subscribe before reading the log: a change committed after the read below starts is then
        // published to this subscription, and one committed before is in the log; overlaps are skipped
        // by revision.
        var subscription = new WatchSubscription(_options.WatchBufferCapacity);
        ImmutableInterlocked.Update(ref _watchers, static (watchers, item) => watchers.Add(item), subscription);
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);

            // Everything up to the published revision is committed, so in the log unless trimmed; a later
            // change is published after this read, so it reaches the subscription.
            var target = Volatile.Read(ref _state).Revision;
            if (afterRevision > target)
            {
                throw new RevisionCompactedException(
                    $"Revision {afterRevision} is ahead of the store's revision {target}: list again");
            }

            var last = afterRevision;
            while (last < target)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(IsDisposed, this);
                var page = ReadChanges(last, target);
                if (page.Count == 0)
                {
                    throw Compacted(afterRevision, last);
                }

                foreach (var change in page)
                {
                    // Revisions are consecutive; a hole means trimmed changes. Watching from 0 starts at
                    // the oldest change the log keeps.
                    if (change.Revision != last + 1 && last != 0)
                    {
                        throw Compacted(afterRevision, last);
                    }

                    last = change.Revision;
                    yield return change;
                }
            }

            await foreach (var change in subscription.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (change.Revision <= last)
                {
                    continue;
                }

                last = change.Revision;
                yield return change;
            }
        }
        finally
        {
            Unsubscribe(subscription);
            subscription.End(null);
        }
    }

    private static RevisionCompactedException Compacted(long afterRevision, long reached) =>
        new($"The change log no longer holds the changes after revision {reached} (watch from {afterRevision}): list again");

    private List<VmChange> ReadChanges(long after, long upTo)
    {
        using var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT revision, uid, type, vm_json FROM changes
            WHERE revision > $after AND revision <= $up_to
            ORDER BY revision
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$up_to", upTo);
        command.Parameters.AddWithValue("$limit", ReplayPageSize);
        var rows = new List<(long Revision, string Uid, string Type, string VmJson)>(ReplayPageSize);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        return rows.ConvertAll(row => VmRecords.ReadChange(row.Revision, row.Uid, row.Type, row.VmJson));
    }
}
