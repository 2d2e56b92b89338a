namespace LiquidMetal.Controller.Core.Scheduling;

internal sealed partial class PlanningSession
{
    private List<HostHeadroom>? _headroom;

    /// <summary>
    /// For every reachable kvm host: if it failed now, could its control-plane nodes be re-placed on the others,
    /// with the same rules (capacity, distinct failure domains)? Simulated on the live state, then undone.
    /// </summary>
    public IReadOnlyList<HostHeadroom> MeasureHeadroom()
    {
        if (_headroom is not null)
        {
            return _headroom;
        }

        var controlPlaneByHost = new Dictionary<HostState, List<NodeWork>>();
        foreach (var node in _nodes)
        {
            if (node.IsControlPlane && node.Host is { } host)
            {
                if (!controlPlaneByHost.TryGetValue(host, out var list))
                {
                    controlPlaneByHost[host] = list = [];
                }

                list.Add(node);
            }
        }

        _headroom = [];
        foreach (var host in _hosts)
        {
            if (host.Host.Role == Model.HostRole.Kvm && !host.Failed)
            {
                _headroom.Add(SimulateFailure(host, controlPlaneByHost.GetValueOrDefault(host) ?? []));
            }
        }

        return _headroom;
    }

    /// <summary>The last-ordered new cluster with requireHeadroom whose control plane could not be re-placed after some host failure.</summary>
    public (string Cluster, string Reason)? FindHeadroomRefusal()
    {
        var byHost = MeasureHeadroom().Where(h => !h.CanReplaceControlPlane).ToDictionary(h => h.Host, StringComparer.Ordinal);
        for (var i = _clusters.Count - 1; i >= 0; i--)
        {
            var cluster = _clusters[i];
            if (!cluster.IsNew || !cluster.Cluster.RequireHeadroom || cluster.NotAdmitted is not null)
            {
                continue;
            }

            if (HeadroomProblem(cluster, byHost) is { } problem)
            {
                return (cluster.Name, $"admission refused (requireHeadroom): {problem}");
            }
        }

        return null;
    }

    private static string? HeadroomProblem(ClusterState cluster, Dictionary<string, HostHeadroom> lacking)
    {
        foreach (var node in cluster.ControlPlane)
        {
            if (node.Host is { } host && lacking.TryGetValue(host.Name, out var headroom))
            {
                return $"if {host.Name} failed, its control-plane nodes could not all be re-placed: {string.Join("; ", headroom.Details)}";
            }
        }

        return null;
    }

    private HostHeadroom SimulateFailure(HostState failed, List<NodeWork> controlPlane)
    {
        if (controlPlane.Count == 0)
        {
            return new HostHeadroom(failed.Name, true, []);
        }

        controlPlane.Sort(CompareBySizeDescending);
        var details = new List<string>(controlPlane.Count);
        var moved = new List<NodeWork>(controlPlane.Count);
        var ok = true;
        foreach (var node in controlPlane)
        {
            node.Host = null;
        }

        foreach (var node in controlPlane)
        {
            var target = FindHost(node, failed, out _);
            if (target is null)
            {
                ok = false;
                details.Add($"{node.Name} could not be re-placed ({string.Join(", ", Explain(node, failed))})");
                continue;
            }

            Assign(node, target, +1);
            moved.Add(node);
            details.Add($"{node.Name} -> {target.Name}");
        }

        foreach (var node in moved)
        {
            Assign(node, node.Host!, -1);
        }

        foreach (var node in controlPlane)
        {
            node.Host = failed;
        }

        return new HostHeadroom(failed.Name, ok, details);
    }
}
