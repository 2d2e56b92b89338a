namespace LiquidMetal.Controller.Core.Scheduling;

internal sealed partial class PlanningSession
{
    /// <summary>How many hosts' "no" a headroom detail quotes: enough to see why, cheap on a fleet of thousands.</summary>
    private const int QuotedRejections = 4;

    private readonly List<AdmissionRefusal> _refusals = [];
    private List<HostHeadroom>? _headroom;

    /// <summary>Control-plane nodes that could not be re-placed if their host failed, with why.</summary>
    private readonly Dictionary<NodeWork, string> _stranded = [];

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

        var controlPlaneByHost = ControlPlaneByHost();
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

    /// <summary>
    /// A new cluster that requires headroom is placed after everything else, then every host holding one of its
    /// control-plane nodes is failed in simulation: if one of its nodes could not be re-placed, the cluster is
    /// refused and its placements undone. Deciding against the finished rest of the plan keeps re-plans stable.
    /// </summary>
    private void AdmitWithHeadroom(ClusterState cluster)
    {
        PlaceClusters([cluster]);
        if (cluster.NotAdmitted is not null)
        {
            return;
        }

        var controlPlaneByHost = ControlPlaneByHost();
        foreach (var host in cluster.ControlPlane.Select(n => n.Host).OfType<HostState>().Distinct().ToList())
        {
            SimulateFailure(host, controlPlaneByHost[host]);
        }

        var problem = HeadroomProblem(cluster);
        _stranded.Clear();
        if (problem is null)
        {
            return;
        }

        cluster.NotAdmitted = $"admission refused (requireHeadroom): {problem}";
        _refusals.Add(new AdmissionRefusal(cluster.Name, cluster.NotAdmitted));
        foreach (var node in cluster.ControlPlane.Concat(cluster.Workers))
        {
            if (node.Host is { } host)
            {
                Assign(node, host, -1);
            }

            node.UnplacedReason = null;
            node.Rejections = [];
        }
    }

    private Dictionary<HostState, List<NodeWork>> ControlPlaneByHost()
    {
        var byHost = new Dictionary<HostState, List<NodeWork>>();
        foreach (var node in _nodes)
        {
            if (node.IsControlPlane && node.Host is { } host)
            {
                if (!byHost.TryGetValue(host, out var list))
                {
                    byHost[host] = list = [];
                }

                list.Add(node);
            }
        }

        return byHost;
    }

    /// <summary>"if sled-1 failed, cluster-a-cp-0 could not be re-placed (...)", or null when every control-plane node could.</summary>
    private string? HeadroomProblem(ClusterState cluster)
    {
        foreach (var node in cluster.ControlPlane)
        {
            if (node.Host is { } host && _stranded.TryGetValue(node, out var detail))
            {
                return $"if {host.Name} failed, {detail}";
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
                var detail = $"{node.Name} could not be re-placed ({QuoteRejections(node, failed)})";
                _stranded[node] = detail;
                details.Add(detail);
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

    /// <summary>The first few kvm hosts' "no" and whether more said no; stops early so a large fleet stays cheap.</summary>
    private string QuoteRejections(NodeWork node, HostState failed)
    {
        var quoted = new List<string>(QuotedRejections);
        var more = false;
        foreach (var host in _hosts)
        {
            if (host == failed || host.Host.Role != Model.HostRole.Kvm || WhyNotMicroVm(node, host) is not { } reason)
            {
                continue;
            }

            if (quoted.Count < QuotedRejections)
            {
                quoted.Add($"{host.Name}: {reason}");
            }
            else
            {
                more = true;
                break;
            }
        }

        return quoted.Count == 0 ? "there is no other kvm host" : string.Join(", ", quoted) + (more ? ", and more" : "");
    }
}
