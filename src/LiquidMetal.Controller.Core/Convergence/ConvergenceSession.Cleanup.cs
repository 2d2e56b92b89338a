using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Convergence;

internal sealed partial class ConvergenceSession
{
    /// <summary>
    /// Deletes VMs of clusters and nodes no longer declared (or no longer microVMs). A removed control-plane node
    /// of a declared cluster goes one per round, and only while the declared control plane keeps its quorum.
    /// </summary>
    private void DeleteUndeclared(HashSet<(string, string)> desired)
    {
        List<KeyValuePair<(string Cluster, string Node), List<ObservedVm>>>? undeclared = null;
        foreach (var entry in _observed)
        {
            if (!desired.Contains(entry.Key))
            {
                (undeclared ??= []).Add(entry);
            }
        }

        if (undeclared is null)
        {
            return;
        }

        var clusters = _input.Fleet.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var controlPlaneRemoved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ((cluster, node), vms) in undeclared.OrderBy(kv => kv.Key.Cluster, StringComparer.Ordinal).ThenBy(kv => kv.Key.Node, StringComparer.Ordinal))
        {
            foreach (var vm in vms.Where(v => v.State != LiquidMetal.Core.Vms.MicroVmState.Deleting).OrderBy(v => v.Host, StringComparer.Ordinal))
            {
                if (!clusters.TryGetValue(cluster, out var declared))
                {
                    Delete(vm, $"cluster {cluster} is no longer declared", null);
                }
                else if (vm.Role == NodeRole.Worker || !vm.IsAlive)
                {
                    Delete(vm, $"node {node} is no longer declared (scaled down or pool removed)", null);
                }
                else if (ControlPlaneKeepsQuorum(declared) && controlPlaneRemoved.Add(cluster))
                {
                    Delete(vm, $"control-plane node {node} is no longer declared (scaled down; one at a time)", null);
                }
                else
                {
                    _waiting.Add($"{cluster}/{node}: removed control-plane node waits until the others keep quorum without it");
                }
            }
        }
    }

    private bool ControlPlaneKeepsQuorum(Cluster cluster)
    {
        var ready = 0;
        for (var i = 0; i < cluster.ControlPlane.Replicas; i++)
        {
            var name = NodeNames.ControlPlane(cluster.Name, i);
            if (_conditions.FirstOrDefault(c => c.Kind == ConditionTypes.MachineKind && c.Name == name)?.Find(ConditionTypes.VmAvailable)?.Status == ConditionStatus.True)
            {
                ready++;
            }
        }

        return ready >= Quorum(cluster.ControlPlane.Replicas);
    }

    /// <summary>
    /// Forgets records of nodes no longer declared once no VM of theirs is left on a reachable host (VMs being deleted
    /// count as gone). A cluster no longer declared whose last records go this round loses its PKI too, first.
    /// </summary>
    private void ForgetRecords(HashSet<(string, string)> desired)
    {
        List<MachineRecord>? undeclared = null;
        foreach (var record in _records.Values)
        {
            if (!IsKept(record, desired))
            {
                (undeclared ??= []).Add(record);
            }
        }

        if (undeclared is null)
        {
            return;
        }

        var declared = _input.Fleet.Clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in _records.Values)
        {
            if (IsKept(record, desired))
            {
                kept.Add(record.Cluster);
            }
        }

        var forgotten = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var record in undeclared.OrderBy(r => r.Cluster, StringComparer.Ordinal).ThenBy(r => r.Node, StringComparer.Ordinal))
        {
            if (Observed(record.Cluster, record.Node).All(v => v.State == LiquidMetal.Core.Vms.MicroVmState.Deleting))
            {
                _forgets.Add(new ForgetMachineAction(record.Cluster, record.Node) { Reason = $"node {record.Node} is gone" });
                forgotten.Add(record.Cluster);
            }
            else
            {
                kept.Add(record.Cluster);
                _waiting.Add($"{record.Cluster}/{record.Node}: its VMs are being deleted");
            }
        }

        foreach (var cluster in forgotten)
        {
            if (!declared.Contains(cluster) && !kept.Contains(cluster) &&
                !_observed.Any(kv => kv.Key.Cluster == cluster && kv.Value.Any(v => v.State != LiquidMetal.Core.Vms.MicroVmState.Deleting)))
            {
                _pkiForgets.Add(new ForgetClusterPkiAction(cluster) { Reason = $"cluster {cluster} is gone: no declaration, VM or record left" });
            }
        }
    }

    /// <summary>The record's node is declared, or its host is in its grace period: the record stays.</summary>
    private bool IsKept(MachineRecord record, HashSet<(string, string)> desired) =>
        desired.Contains((record.Cluster, record.Node)) || PhaseOf(record.Host) == HostPhase.Unreachable;
}
