using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>
/// Places every node of a fleet on a host: a pure, deterministic function of the desired fleet, the hosts'
/// reported capacity and the current placements. See docs/scheduler.md for the rules.
/// </summary>
public static class FleetScheduler
{
    public static SchedulePlan Plan(Fleet fleet, IReadOnlyList<HostCapacity> capacities, IReadOnlyList<Placement> current)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(capacities);
        ArgumentNullException.ThrowIfNull(current);

        var session = new PlanningSession(fleet, capacities, current);
        session.Run();
        return session.ToPlan();
    }
}
