using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Which node initializes a cluster. A cluster is initialized once any of its control-plane VMs was ever made: one is
/// observed (in any state, on a reachable host) or a control-plane record is in phase Created (its host may be
/// unreachable). A record still Creating does not count: the controller may have been killed before the agent was
/// asked, and that node is then chosen again. In a cluster not initialized, the first control-plane create of the
/// round (in the planner's order) runs <c>kubeadm init</c>; every other node joins, a replacement of the first too.
/// </summary>
public static class ClusterBootstrap
{
    public static bool IsInitialized(string cluster, IEnumerable<ObservedVm> observed, IEnumerable<MachineRecord> records)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(records);
        return observed.Any(v => v.Cluster == cluster && v.Role == NodeRole.ControlPlane) ||
               records.Any(r => r.Cluster == cluster && r.Role == NodeRole.ControlPlane && r.Phase == MachinePhase.Created);
    }

    /// <summary>
    /// The creates with their bootstrap action: in each cluster not in <paramref name="initialized"/>, the first
    /// control-plane create (in the given order) gets <see cref="BootstrapAction.InitControlPlane"/>.
    /// </summary>
    public static IReadOnlyList<CreateVmAction> AssignActions(IEnumerable<CreateVmAction> ordered, Func<string, bool> initialized)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(initialized);
        var initializing = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<CreateVmAction>();
        foreach (var create in ordered)
        {
            var node = create.Vm.Node;
            result.Add(node.Role == NodeRole.ControlPlane && !initialized(node.Cluster) && initializing.Add(node.Cluster)
                ? create with { Bootstrap = BootstrapAction.InitControlPlane }
                : create);
        }

        return result;
    }
}
