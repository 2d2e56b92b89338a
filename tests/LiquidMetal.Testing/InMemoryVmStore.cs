using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Testing;

/// <summary>An in-memory IVmStore with the same contract as the SQLite one (versions, change log, watch).</summary>
public sealed class InMemoryVmStore : IVmStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MicroVm> _vms = [];
    private readonly List<VmChange> _log = [];
    private readonly List<Channel<VmChange>> _watchers = [];
    private long _revision;

    public int Writes { get; private set; }

    public Task<CreateOutcome> CreateAsync(MicroVm vm, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existing = _vms.Values.FirstOrDefault(v => v.Namespace == vm.Namespace && v.Id == vm.Id);
            if (existing is not null)
            {
                return Task.FromResult(new CreateOutcome(existing, false));
            }

            var stored = vm with { Version = 1 };
            _vms[vm.Uid] = stored;
            Append(VmChangeType.Added, stored);
            return Task.FromResult(new CreateOutcome(stored, true));
        }
    }

    public MicroVm? Get(string uid)
    {
        lock (_gate)
        {
            return _vms.GetValueOrDefault(uid);
        }
    }

    public IReadOnlyList<MicroVm> List(string? @namespace = null, string? id = null)
    {
        lock (_gate)
        {
            return [.. _vms.Values.Where(v => (string.IsNullOrEmpty(@namespace) || v.Namespace == @namespace) && (id is null || v.Id == id)).OrderBy(v => v.Uid, StringComparer.Ordinal)];
        }
    }

    public Task<MicroVm> UpdateAsync(MicroVm vm, int expectedVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_vms.TryGetValue(vm.Uid, out var current) || current.Version != expectedVersion)
            {
                throw new VersionConflictException($"microvm {vm.Uid}: expected version {expectedVersion}, stored {current?.Version}");
            }

            var stored = vm with { Version = expectedVersion + 1 };
            _vms[vm.Uid] = stored;
            Append(VmChangeType.Modified, stored);
            return Task.FromResult(stored);
        }
    }

    public Task DeleteAsync(string uid, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_vms.Remove(uid, out var last))
            {
                Append(VmChangeType.Deleted, last);
            }

            return Task.CompletedTask;
        }
    }

    public StoreSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new StoreSnapshot([.. _vms.Values.OrderBy(v => v.Uid, StringComparer.Ordinal)], _revision);
        }
    }

    public async IAsyncEnumerable<VmChange> WatchAsync(long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<VmChange>();
        lock (_gate)
        {
            foreach (var change in _log.Where(c => c.Revision > afterRevision))
            {
                channel.Writer.TryWrite(change);
            }

            _watchers.Add(channel);
        }

        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    private void Append(VmChangeType type, MicroVm vm)
    {
        Writes++;
        var change = new VmChange(++_revision, type, vm);
        _log.Add(change);
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(change);
        }
    }
}
