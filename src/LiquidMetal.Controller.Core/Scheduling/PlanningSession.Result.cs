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

        var reasons = new List<string>();
        if (placed < cluster.ControlPlane.Count)
        {
            reasons.Add($"{cluster.ControlPlane.Count - placed} of {cluster.ControlPlane.Count} control-plane nodes cannot be placed: " +
                string.Join(", ", cluster.ControlPlane.Where(n => n.Host is null).Select(n => n.Name)));
        }

        foreach (var group in cluster.ControlPlane.Where(n => n.Host is not null).GroupBy(n => n.Host!.Host.FailureDomain, StringComparer.Ordinal))
        {
            if (group.Count() > 1)
            {
                reasons.Add($"control-plane nodes share failure domain {group.Key}: {string.Join(", ", group.Select(n => $"{n.Name} on {n.Host!.Name}"))} (allowSharedFailureDomains)");
            }
        }

        foreach (var pool in cluster.Cluster.WorkerPools)
        {
            var missing = cluster.Workers.Count(n => n.Host is null && n.Pool!.Name == pool.Name);
            if (missing > 0)
            {
                reasons.Add($"pool {pool.Name}: {missing} of {pool.Replicas} nodes cannot be placed");
            }
        }

        if (cluster.Cluster.RequireHeadroom && HeadroomProblem(cluster) is { } problem)
        {
            reasons.Add($"no failover headroom: {problem}");
        }

        return new ClusterScheduleStatus(cluster.Name, reasons.Count == 0 ? ClusterScheduleState.Placed : ClusterScheduleState.Degraded, reasons);
    }
}
