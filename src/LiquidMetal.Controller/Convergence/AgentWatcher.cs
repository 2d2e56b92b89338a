using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Convergence;

/// <summary>
/// Keeps an in-memory copy of one agent's VMs from its watch: from revision 0 (list + bookmark), then resumed
/// from the last revision after a transient error (backing off 0.5 s doubling to 10 s), from 0 again when the
/// agent compacted its log. Every change kicks a convergence round. The controller's own creates and deletes
/// are applied at once, so the next round does not repeat them before the watch catches up.
/// Only what the controller reads of a VM is kept: its <see cref="ObservedVm"/> (labels, ids, state), and only for
/// VMs carrying the controller's labels (others are never touched). The whole <see cref="MicroVm"/> (spec, mounts,
/// interfaces) would take about 3.5 KB a VM; one snapshot list is shared by every reader until the next change.
/// </summary>
internal sealed partial class AgentWatcher : IAsyncDisposable
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ObservedVm> _vms = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _kick;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private long _revision;
    private bool _synced;
    private bool _answering;
    private DateTimeOffset? _unreachableSince;
    private DateTimeOffset? _lastSeen;
    private HostAgentInfo? _info;
    private string? _lastError;
    private ObservedVm[]? _snapshotVms;

    public AgentWatcher(string host, HostAgentEndpoint endpoint, IHostAgentClient client, HostStatusRecord? stored, TimeProvider time, ILogger logger, Action kick)
    {
        Host = host;
        Endpoint = endpoint;
        Client = client;
        _time = time;
        _logger = logger;
        _kick = kick;
        _unreachableSince = stored?.UnreachableSince ?? time.GetUtcNow();
        _lastSeen = stored?.LastSeen;
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    public string Host { get; }
    public HostAgentEndpoint Endpoint { get; }
    public IHostAgentClient Client { get; }

    public AgentSnapshot Snapshot()
    {
        lock (_lock)
        {
            var reachable = _synced && _answering;
            return new AgentSnapshot(reachable, reachable ? null : _unreachableSince, _lastSeen, _info, _lastError, _snapshotVms ??= [.. _vms.Values]);
        }
    }

    /// <summary>The controller created <paramref name="vm"/>: known now, before its watch event.</summary>
    public void Created(MicroVm vm)
    {
        lock (_lock)
        {
            Keep(vm);
        }
    }

    /// <summary>The controller asked to delete <paramref name="uid"/>.</summary>
    public void Deleting(string uid)
    {
        lock (_lock)
        {
            if (_vms.TryGetValue(uid, out var vm))
            {
                _vms[uid] = vm with { State = MicroVmState.Deleting };
                _snapshotVms = null;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Client.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var info = await Client.GetHostInfoAsync(cancellationToken).ConfigureAwait(false);
                lock (_lock)
                {
                    _info = info;
                    _answering = true;
                    _lastError = null;
                    _lastSeen = _time.GetUtcNow();
                    if (_synced)
                    {
                        _unreachableSince = null;
                    }
                }

                _kick();
                backoff = InitialBackoff;
                await WatchAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HostAgentException e)
            {
                var first = false;
                lock (_lock)
                {
                    first = _answering || _lastError is null;
                    _answering = false;
                    _lastError = e.Message;
                    _unreachableSince ??= _time.GetUtcNow();
                    if (e.Code == HostAgentErrorCode.RevisionCompacted)
                    {
                        _synced = false;
                        _revision = 0;
                    }
                }

                if (first)
                {
                    LogAgentUnreachable(_logger, Host, Endpoint.Address, e.Code, e.Message);
                }

                _kick();
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        long from;
        lock (_lock)
        {
            from = _synced ? _revision : 0;
            if (from == 0)
            {
                _synced = false;
            }
        }

        var listed = new Dictionary<string, ObservedVm>(StringComparer.Ordinal);
        await foreach (var change in Client.WatchMicroVmsAsync(from, cancellationToken).ConfigureAwait(false))
        {
            lock (_lock)
            {
                _revision = Math.Max(_revision, change.Revision);
                _lastSeen = _time.GetUtcNow();
                if (!_synced)
                {
                    if (change.Kind == MicroVmWatchEventKind.Bookmark)
                    {
                        _vms.Clear();
                        _vms.EnsureCapacity(listed.Count);
                        foreach (var (uid, vm) in listed)
                        {
                            _vms[uid] = vm;
                        }

                        _snapshotVms = null;

                        _synced = true;
                        _unreachableSince = null;
                        LogAgentSynced(_logger, Host, _vms.Count, _revision);
                    }
                    else if (change.Vm is { } listedVm && ObservedVm.From(Host, listedVm) is { } observed)
                    {
                        listed[listedVm.Uid] = observed;
                    }

                    continue;
                }

                switch (change.Kind)
                {
                    case MicroVmWatchEventKind.Added or MicroVmWatchEventKind.Modified when change.Vm is { } vm:
                        Keep(vm);
                        break;
                    case MicroVmWatchEventKind.Deleted when change.Vm is { } gone:
                        _snapshotVms = _vms.Remove(gone.Uid) ? null : _snapshotVms;
                        break;
                }
            }

            _kick();
        }
    }

    /// <summary>Keeps what the controller reads of <paramref name="vm"/>; a VM without the controller's labels is not kept. Under the lock.</summary>
    private void Keep(MicroVm vm)
    {
        if (ObservedVm.From(Host, vm) is { } observed)
        {
            // The same values as the copy kept already: keep that one (and the snapshot list that holds it).
            if (!_vms.TryGetValue(vm.Uid, out var kept) || kept != observed)
            {
                _vms[vm.Uid] = observed;
                _snapshotVms = null;
            }
        }
        else if (_vms.Remove(vm.Uid))
        {
            _snapshotVms = null;
        }
    }
}
