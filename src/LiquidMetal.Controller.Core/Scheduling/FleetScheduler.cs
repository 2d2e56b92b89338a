using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>
/// Places every node of a fleet on a host: a pure, deterministic function of the desired fleet, the hosts'
/// reported capacity and the current placements. See docs/scheduler.md for the rules.
/// </summary>
public static class FleetScheduler
{
    public static SchedulePlan Plan(Fleet fleet, IReadOnlyList<HostCapacity> capacities, IReadOnlyList<Placement> current) =>
        Plan(fleet, capacities, current, nodesOf: null);

    /// <param name="nodesOf">
    /// Each cluster's nodes exactly as <see cref="FleetNodes.Expand(Fleet, Cluster)"/> gives them for this fleet, when
    /// the caller keeps them already (the convergence planner's cache); null expands them.
    /// </param>
    internal static SchedulePlan Plan(Fleet fleet, IReadOnlyList<HostCapacity> capacities, IReadOnlyList<Placement> current, Func<Cluster, IReadOnlyList<DesiredNode>>? nodesOf)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(capacities);
        ArgumentNullException.ThrowIfNull(current);

        var session = new PlanningSession(fleet, capacities, current, nodesOf);
        session.Run();
        return session.ToPlan();
    }
}
