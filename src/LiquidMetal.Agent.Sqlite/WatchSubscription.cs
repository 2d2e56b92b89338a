using System.Threading.Channels;
using LiquidMetal.Core.Storage;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>
/// One watcher's buffer of live changes. The writer never waits on it: when the buffer is full the
/// watcher is ended with <see cref="RevisionCompactedException"/> (after the changes it already holds).
/// </summary>
internal sealed class WatchSubscription
{
    private readonly Channel<VmChange> _changes;
    private readonly int _capacity;

    public WatchSubscription(int capacity)
    {
        _capacity = capacity;
        _changes = Channel.CreateBounded<VmChange>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<VmChange> Reader => _changes.Reader;

    /// <summary>Buffers a committed change; false when the watcher fell too far behind and was ended.</summary>
    public bool TryPublish(VmChange change)
    {
        if (_changes.Writer.TryWrite(change))
        {
            return true;
        }

        End(new RevisionCompactedException(
            $"The watcher fell more than {_capacity} changes behind at revision {change.Revision}: list again and watch from the new revision"));
        return false;
    }

    public void End(Exception? reason) => _changes.Writer.TryComplete(reason);
}
