using System.Collections.Concurrent;
using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Each node's <see cref="NodeVm"/>, kept across rounds. Building one renders the agent spec, serialises it and
/// hashes it twice; a fleet of thousands of nodes would redo that every round although the desired state rarely
/// changes. An entry is reused only for an equal <see cref="DesiredNode"/> (cluster, name, role, pool and the same
/// machine), otherwise it is built again and replaced, so the answer is always <see cref="NodeVms.Build"/>'s.
/// Each cluster's expanded nodes are kept too, for the same <see cref="Fleet"/> and <see cref="Cluster"/> instances
/// only (both immutable). Keep one per desired-state revision (nodes of older revisions then go with it). Safe for
/// concurrent rounds and previews.
/// </summary>
public sealed class NodeVmCache
{
    private readonly ConcurrentDictionary<(string Cluster, string Node), NodeVm> _vms = new();
    private readonly ConcurrentDictionary<Cluster, ClusterNodes> _clusters = new(ReferenceEqualityComparer.Instance);

    public int Count => _vms.Count;

    public NodeVm Get(DesiredNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var key = (node.Cluster, node.Name);
        if (_vms.TryGetValue(key, out var cached) && cached.Node == node)
        {
            return cached;
        }

        var built = NodeVms.Build(node);
        _vms[key] = built;
        return built;
    }

    /// <summary>
    /// <see cref="FleetNodes.Expand(Fleet, Cluster)"/> of <paramref name="cluster"/>, and the VMs of those that are
    /// microVM nodes (in the same order, through <see cref="Get"/>): built once for this fleet instance.
    /// </summary>
    public (IReadOnlyList<DesiredNode> Nodes, IReadOnlyList<NodeVm> Vms) NodesOf(Fleet fleet, Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        if (_clusters.TryGetValue(cluster, out var kept) && ReferenceEquals(kept.Fleet, fleet))
        {
            return (kept.Nodes, kept.Vms);
        }

        DesiredNode[] nodes = [.. FleetNodes.Expand(fleet, cluster)];
        NodeVm[] vms = [.. nodes.Where(n => n.Machine is not null).Select(Get)];
        _clusters[cluster] = new ClusterNodes(fleet, nodes, vms);
        return (nodes, vms);
    }

    private sealed record ClusterNodes(Fleet Fleet, IReadOnlyList<DesiredNode> Nodes, IReadOnlyList<NodeVm> Vms);
}
