using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

internal sealed partial class PlanningSession
{
    public SchedulePlan ToPlan()
    {
        var placements = new List<NodePlacement>(_nodes.Count);
        var unplaced = new List<UnplacedNode>();
        foreach (var node in _nodes)
        {
            if (node.Host is { } host)
            {
                placements.Add(new NodePlacement(ToPlacement(node, host), node.Change, node.Reason!));
            }
            else
            {
                var reason = node.UnplacedReason ?? $"cluster {node.Cluster.Name} is not admitted: {node.Cluster.NotAdmitted}";
                unplaced.Add(new UnplacedNode(node.Cluster.Name, node.Name, node.Node.Role, node.Node.Pool, reason, node.Rejections));
            }
        }

        var headroom = MeasureHeadroom();
        var statuses = _clusters.Select(Status).ToList();
        return new SchedulePlan(placements, unplaced, _released, statuses, new HeadroomReport(headroom, _refusals));
    }

    private static Placement ToPlacement(NodeWork node, HostState host) =>
        new(node.Cluster.Name, node.Name, node.Node.Role, node.Node.Pool, host.Name);

    private ClusterScheduleStatus Status(ClusterState cluster)
    {
        if (cluster.NotAdmitted is { } notAdmitted)
        {
            return new ClusterScheduleStatus(cluster.Name, ClusterScheduleState.Unschedulable, [notAdmitted]);
        }

        var placed = cluster.PlacedControlPlane;
        if (placed < cluster.Quorum)
        {
            return new ClusterScheduleStatus(cluster.Name, ClusterScheduleState.Unschedulable,
                [$"only {placed} of {cluster.ControlPlane.Count} control-plane nodes can be placed; quorum needs {cluster.Quorum}"]);
        }

        List<string>? reasons = null;
        if (placed < cluster.ControlPlane.Count)
        {
            (reasons ??= []).Add($"{cluster.ControlPlane.Count - placed} of {cluster.ControlPlane.Count} control-plane nodes cannot be placed: " +
                string.Join(", ", cluster.ControlPlane.Where(n => n.Host is null).Select(n => n.Name)));
        }

        // Placed control-plane nodes grouped by failure domain, groups in order of their first node (as GroupBy does).
        var controlPlane = cluster.ControlPlane;
        for (var i = 0; i < controlPlane.Count; i++)
        {
            if (controlPlane[i].Host is not { } first || SharesEarlierDomain(controlPlane, i))
            {
                continue;
            }

            var domain = first.Host.FailureDomain;
            var group = 0;
            for (var j = i; j < controlPlane.Count; j++)
            {
                group += controlPlane[j].Host is { } h && string.Equals(h.Host.FailureDomain, domain, StringComparison.Ordinal) ? 1 : 0;
            }

            if (group > 1)
            {
                var members = controlPlane.Skip(i).Where(n => n.Host is { } h && string.Equals(h.Host.FailureDomain, domain, StringComparison.Ordinal));
                (reasons ??= []).Add($"control-plane nodes share failure domain {domain}: {string.Join(", ", members.Select(n => $"{n.Name} on {n.Host!.Name}"))} (allowSharedFailureDomains)");
            }
        }

        foreach (var pool in cluster.Cluster.WorkerPools)
        {
            var missing = 0;
            foreach (var node in cluster.Workers)
            {
                missing += node.Host is null && node.Pool!.Name == pool.Name ? 1 : 0;
            }

            if (missing > 0)
            {
                (reasons ??= []).Add($"pool {pool.Name}: {missing} of {pool.Replicas} nodes cannot be placed");
            }
        }

        if (cluster.Cluster.RequireHeadroom && HeadroomProblem(cluster) is { } problem)
        {
            (reasons ??= []).Add($"no failover headroom: {problem}");
        }

        return reasons is null
            ? new ClusterScheduleStatus(cluster.Name, ClusterScheduleState.Placed, [])
            : new ClusterScheduleStatus(cluster.Name, ClusterScheduleState.Degraded, reasons);
    }

    /// <summary>A placed node before index <paramref name="i"/> is in the same failure domain as node <paramref name="i"/>.</summary>
    private static bool SharesEarlierDomain(List<NodeWork> controlPlane, int i)
    {
        var domain = controlPlane[i].Host!.Host.FailureDomain;
        for (var j = 0; j < i; j++)
        {
            if (controlPlane[j].Host is { } h && string.Equals(h.Host.FailureDomain, domain, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
