using System.Collections.Concurrent;
using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Each node's <see cref="NodeVm"/>, kept across rounds. Building one renders the agent spec, serialises it and
/// hashes it twice; a fleet of thousands of nodes would redo that every round although the desired state rarely
/// changes. An entry is reused only for an equal <see cref="DesiredNode"/> (cluster, name, role, pool and the same
/// machine), otherwise it is built again and replaced, so the answer is always <see cref="NodeVms.Build"/>'s.
/// Keep one per desired-state revision (nodes of older revisions then go with it). Safe for concurrent rounds
/// and previews.
/// </summary>
public sealed class NodeVmCache
{
    private readonly ConcurrentDictionary<(string Cluster, string Node), NodeVm> _vms = new();

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
}
