using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

internal sealed partial class PlanningSession
{
    /// <summary>
    /// Existing placements stay unless the node is gone, the host failed or is gone, or keeping it would break a
    /// hard constraint. Control-plane placements are considered first, so they win capacity over workers.
    /// </summary>
    private void KeepCurrentPlacements()
    {
        foreach (var placement in _current)
        {
            var node = _nodesByKey.GetValueOrDefault((placement.Cluster, placement.Node));
            var host = _hostsByName.GetValueOrDefault(placement.Host);
            var problem = WhyNotKeep(placement, node, host);
            if (problem is not null)
            {
                _released.Add(new ReleasedPlacement(placement, problem));
                if (node is not null && node.Host is null && node.PreviousHost is null)
                {
                    node.PreviousHost = placement.Host;
                    node.PreviousReleaseReason = problem;
                }

                continue;
            }

            Assign(node!, host!, +1);
            node!.Change = PlacementChange.Kept;
            node.Reason = "already placed here";
        }
    }

    private string? WhyNotKeep(Placement placement, NodeWork? node, HostState? host)
    {
        if (node is null)
        {
            return _clusterNames.Contains(placement.Cluster)
                ? $"cluster {placement.Cluster} no longer asks for node {placement.Node}"
                : $"cluster {placement.Cluster} is no longer declared";
        }

        if (node.Node.Role != placement.Role || !string.Equals(node.Node.Pool, placement.Pool, StringComparison.Ordinal))
        {
            return $"node {placement.Node} is now declared as {Describe(node.Node.Role, node.Node.Pool)}";
        }

        if (node.Host is { } kept)
        {
            return $"duplicate placement: {node.Name} stays on {kept.Name}";
        }

        if (host is null)
        {
            return $"host {placement.Host} is no longer declared";
        }

        if (host.Failed)
        {
            return $"host {host.Name} failed";
        }

        return node.IsMetal ? WhyNotKeepMetal(node, host) : WhyNotKeepMicroVm(node, host);
    }

    private static string? WhyNotKeepMetal(NodeWork node, HostState host) =>
        host.Host.Role != HostRole.Metal ? $"host {host.Name} is not a metal host"
        : !node.Node.Metal!.Matches(host.Host) ? $"host {host.Name} no longer matches hostSelector {node.Node.Metal}"
        : host.MetalNode is { } other ? $"host {host.Name} is already bare-metal node {other.Name}"
        : null;

    private static string? WhyNotKeepMicroVm(NodeWork node, HostState host)
    {
        if (host.Host.Role != HostRole.Kvm)
        {
            return $"host {host.Name} is not a kvm host";
        }

        if (node.Node.Machine is null)
        {
            return $"node {node.Name} has no machine (its template is not declared)";
        }

        if (node.IsControlPlane && !node.Cluster.Cluster.ControlPlane.AllowSharedFailureDomains && ControlPlaneConflict(node, host) is { } conflict)
        {
            return $"control-plane nodes must be on distinct failure domains: {conflict}";
        }

        // A host that has not reported capacity keeps what runs there; capacity is checked once it reports.
        return host.Reported && !host.Fits(node) ? $"host {host.Name} no longer has room: {CapacityShortfall(node, host)}" : null;
    }

    private static string Describe(NodeRole role, string? pool) =>
        role == NodeRole.ControlPlane ? "a control-plane node" : $"a worker of pool {pool}";
}
