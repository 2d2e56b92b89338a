using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Convergence;

internal sealed partial class ConvergenceSession
{
    private Dictionary<string, ClusterInit>? _inits;
    private ILookup<string, MachineRecord>? _initRecords;
    private HashSet<string>? _stored;

    private bool IsStoredInitialized(string cluster) =>
        (_stored ??= new HashSet<string>(_input.InitializedClusters, StringComparer.Ordinal)).Contains(cluster);

    /// <summary>The cluster's init as <see cref="ClusterBootstrap.Evaluate"/> sees it this round (computed once per cluster).</summary>
    private ClusterInit InitOf(string cluster)
    {
        if (_inits is null)
        {
            _inits = new(StringComparer.Ordinal);
            _initRecords = _input.Machines.Where(r => r.Initializes).ToLookup(r => r.Cluster, StringComparer.Ordinal);
        }

        if (!_inits.TryGetValue(cluster, out var init))
        {
            _inits[cluster] = init = ClusterBootstrap.Evaluate(cluster, IsStoredInitialized(cluster), _initRecords![cluster],
                r => PhaseOf(r.Host) is HostPhase.Reachable or HostPhase.Failed, r => ObservedVmOf(r) is { IsAlive: true });
        }

        return init;
    }

    /// <summary>The record's VM as observed (by its id, on the record's host); null when not observed.</summary>
    private ObservedVm? ObservedVmOf(MachineRecord record)
    {
        foreach (var v in VmsOf(record.Cluster, record.Node))
        {
            if (v.VmId == record.VmId && v.Host == record.Host)
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>A Warning on the cluster for each init this round that replaces an abandoned attempt: which VM died, which node now initializes.</summary>
    private void WarnRetriedInits(List<ConvergenceAction> creates)
    {
        foreach (var create in creates.OfType<CreateVmAction>())
        {
            if (create.Bootstrap != BootstrapAction.InitControlPlane || InitOf(create.Record.Cluster) is not { Attempt: null, Abandoned: [_, ..] abandoned })
            {
                continue;
            }

            var what = string.Join(", ", abandoned.Select(a => $"VM {a.VmId} of {a.Node} on {a.Host} ({DescribeDead(a)})"));
            _events.Add(new ConvergenceEvent(ConditionTypes.ClusterKind, create.Record.Cluster, create.Record.Cluster, EventSeverity.Warning, "InitRetried",
                $"the init attempt died before it booted: {what}; {create.Record.Node} now runs kubeadm init as VM {create.Vm.VmId} on {create.Host}"));
        }
    }

    private string DescribeDead(MachineRecord record) => ObservedVmOf(record) is { } vm
        ? $"{vm.State}"
        : PhaseOf(record.Host) == HostPhase.Failed ? "its host failed" : "failed or lost, now gone";

    /// <summary>Stores a cluster as initialized once a VM that initializes it is observed booted (state Created).</summary>
    private void MarkInitialized()
    {
        HashSet<string>? marked = null;
        foreach (var record in _input.Machines)
        {
            if (record.Initializes && record.Role == NodeRole.ControlPlane && !IsStoredInitialized(record.Cluster) &&
                ObservedVmOf(record) is { State: MicroVmState.Created } && (marked ??= new(StringComparer.Ordinal)).Add(record.Cluster))
            {
                _saves.Add(new MarkClusterInitializedAction(record.Cluster, record.VmId) { Reason = $"init VM {record.VmId} on {record.Host} booted" });
                _events.Add(new ConvergenceEvent(ConditionTypes.ClusterKind, record.Cluster, record.Cluster, EventSeverity.Normal, "Initialized",
                    $"init VM {record.VmId} of {record.Node} on {record.Host} booted: every later node joins"));
            }
        }
    }

    /// <summary>
    /// Forgets that a cluster was initialized once it is no longer declared and none of its records (after this
    /// round's forgets) or live VMs is left.
    /// </summary>
    private void ForgetInitialized()
    {
        if (_input.InitializedClusters.Count == 0)
        {
            return;
        }

        var declared = _input.Fleet.Clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var forgotten = _forgets.OfType<ForgetMachineAction>().Select(f => (f.Cluster, f.Node)).ToHashSet();
        foreach (var cluster in _input.InitializedClusters.Order(StringComparer.Ordinal))
        {
            if (!declared.Contains(cluster) &&
                !_records.Keys.Any(k => k.Cluster == cluster && !forgotten.Contains(k)) &&
                !_observed.Any(kv => kv.Key.Cluster == cluster && kv.Value.Any(v => v.State != MicroVmState.Deleting)))
            {
                _initializedForgets.Add(new ForgetClusterInitializedAction(cluster) { Reason = $"cluster {cluster} is gone: no declaration, VM or record left" });
            }
        }
    }
}
