using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>
/// The mutable working state of one scheduling run. Built from the inputs, then <see cref="Run"/> keeps what may
/// stay, places control planes (clusters that lost quorum first), then microVM workers, then metal workers, then
/// admits new clusters that require headroom one by one, and finally measures headroom. Everything is ordered by
/// name or index, so the same inputs give the same plan.
/// </summary>
internal sealed partial class PlanningSession
{
    private readonly HostState[] _hosts;
    private readonly Dictionary<string, HostState> _hostsByName = new(StringComparer.Ordinal);
    private readonly CapacityTree _tree;
    private readonly List<ClusterState> _clusters = [];
    private readonly HashSet<string> _clusterNames = new(StringComparer.Ordinal);
    private readonly List<NodeWork> _nodes;
    private readonly Dictionary<(string Cluster, string Node), NodeWork> _nodesByKey;
    private readonly List<ReleasedPlacement> _released = [];
    private readonly IReadOnlyList<Placement> _current;

    public PlanningSession(Fleet fleet, IReadOnlyList<HostCapacity> capacities, IReadOnlyList<Placement> current, Func<Cluster, IReadOnlyList<DesiredNode>>? nodesOf = null)
    {
        var reports = new Dictionary<string, HostCapacity>(StringComparer.Ordinal);
        foreach (var capacity in capacities)
        {
            reports[capacity.Host] = capacity;
        }

        var domains = new Dictionary<string, int>(StringComparer.Ordinal);
        var hosts = fleet.Hosts.OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        _hosts = new HostState[hosts.Count];
        for (var i = 0; i < hosts.Count; i++)
        {
            var domain = domains.TryGetValue(hosts[i].FailureDomain, out var known) ? known : domains[hosts[i].FailureDomain] = domains.Count;
            _hosts[i] = new HostState(i, hosts[i], domain, reports.GetValueOrDefault(hosts[i].Name));
            _hostsByName.TryAdd(hosts[i].Name, _hosts[i]);
        }

        _tree = new CapacityTree(_hosts.Length);
        _current = InKeepOrder(current);
        // A fleet that is placed already has about one node per current placement.
        _nodes = new(current.Count);
        _nodesByKey = new(current.Count);
        var placedClusters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var placement in current)
        {
            placedClusters.Add(placement.Cluster);
        }

        foreach (var cluster in fleet.Clusters.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            AddCluster(cluster, !placedClusters.Contains(cluster.Name), nodesOf?.Invoke(cluster) ?? FleetNodes.Expand(fleet, cluster));
        }
    }

    /// <summary>Control-plane placements first, then by cluster, node and host (ordinal); equal ones keep their order.</summary>
    private static Placement[] InKeepOrder(IReadOnlyList<Placement> current)
    {
        var order = new int[current.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var (x, y) = (current[a], current[b]);
            var c = (x.Role == NodeRole.ControlPlane ? 0 : 1).CompareTo(y.Role == NodeRole.ControlPlane ? 0 : 1);
            c = c != 0 ? c : string.CompareOrdinal(x.Cluster, y.Cluster);
            c = c != 0 ? c : string.CompareOrdinal(x.Node, y.Node);
            c = c != 0 ? c : string.CompareOrdinal(x.Host, y.Host);
            return c != 0 ? c : a.CompareTo(b);
        });
        var sorted = new Placement[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i] = current[order[i]];
        }

        return sorted;
    }

    public void Run()
    {
        KeepCurrentPlacements();
        foreach (var host in _hosts)
        {
            UpdateTree(host);
        }

        var deferred = _clusters.Where(c => c.IsNew && c.Cluster.RequireHeadroom).ToList();
        var now = _clusters.Except(deferred).ToList();
        PlaceClusters(now);
        foreach (var cluster in deferred)
        {
            AdmitWithHeadroom(cluster);
        }
    }

    private void PlaceClusters(List<ClusterState> clusters)
    {
        PlaceControlPlanes(clusters);
        PlaceWorkers(clusters);
        PlaceMetalWorkers(clusters);
    }

    private void AddCluster(Cluster cluster, bool isNew, IEnumerable<DesiredNode> nodes)
    {
        if (!_clusterNames.Add(cluster.Name))
        {
            return;
        }

        var state = new ClusterState(cluster, isNew);
        _clusters.Add(state);
        foreach (var node in nodes)
        {
            PoolState? pool = null;
            if (node.Pool is { } poolName && !state.Pools.TryGetValue(poolName, out pool))
            {
                pool = state.Pools[poolName] = new PoolState(poolName);
            }

            var work = new NodeWork(node, state, pool);
            if (node.Role == NodeRole.ControlPlane)
            {
                state.ControlPlane.Add(work);
            }
            else
            {
                state.Workers.Add(work);
            }

            if (_nodesByKey.TryAdd((cluster.Name, node.Name), work))
            {
                _nodes.Add(work);
            }
        }
    }

    private void UpdateTree(HostState host)
    {
        var open = host.Host.Role == HostRole.Kvm && host.Unavailable is null;
        _tree.Set(host.Index, open ? host.FreeMemoryMiB(overcommit: true) : -1, open ? host.FreeCpus(overcommit: true) : -1);
    }

    /// <summary>Puts a node on a host (or, with <paramref name="sign"/> -1, takes it off again).</summary>
    private void Assign(NodeWork node, HostState host, int sign)
    {
        if (node.IsMetal)
        {
            host.MetalNode = sign > 0 ? node : null;
        }
        else
        {
            host.Add(node, sign);
            UpdateTree(host);
        }

        node.Pool?.Add(host, sign);
        node.Host = sign > 0 ? host : null;
    }

    private static int CompareBySizeDescending(NodeWork a, NodeWork b)
    {
        var bySize = b.MemoryMiB.CompareTo(a.MemoryMiB);
        bySize = bySize != 0 ? bySize : b.Cpus.CompareTo(a.Cpus);
        bySize = bySize != 0 ? bySize : string.CompareOrdinal(a.Cluster.Name, b.Cluster.Name);
        return bySize != 0 ? bySize : string.CompareOrdinal(a.Name, b.Name);
    }
}
