using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>A VM the controller made, as an agent reports it (identified by the labels the controller sets).</summary>
/// <param name="Pool">The worker pool; null for control-plane nodes.</param>
public sealed record ObservedVm(
    string Host,
    string Uid,
    string Cluster,
    string Node,
    NodeRole Role,
    string? Pool,
    string VmId,
    string SpecHash,
    MicroVmState State)
{
    /// <summary>Serving or about to: the agent keeps it (Pending counts, so a VM still booting is not created twice).</summary>
    public bool IsAlive => State is MicroVmState.Pending or MicroVmState.Created;

    /// <summary>Null for VMs without the controller's labels (someone else's; never touched).</summary>
    public static ObservedVm? From(string host, MicroVm vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var labels = vm.Spec.Labels;
        if (!labels.TryGetValue(FleetApi.ClusterLabel, out var cluster) || !labels.TryGetValue(NodeVms.NodeLabel, out var node) ||
            !string.Equals(cluster, vm.Namespace, StringComparison.Ordinal))
        {
            return null;
        }

        var role = labels.TryGetValue(FleetApi.RoleLabel, out var r) && r == "control-plane" ? NodeRole.ControlPlane : NodeRole.Worker;
        labels.TryGetValue(FleetApi.PoolLabel, out var pool);
        labels.TryGetValue(FleetApi.SpecHashLabel, out var hash);
        return new ObservedVm(host, vm.Uid, cluster, node, role, pool, vm.Id, hash ?? "", vm.Status.State);
    }
}
