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

        // A new cluster that requires headroom and breaks it is refused, and the plan is made again without it,
        // so the capacity it would have taken goes to others. Refusing one at a time (the last placed first)
        // keeps as many clusters as the headroom allows.
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var session = new PlanningSession(fleet, capacities, current, refused);
            session.Run();
            if (session.FindHeadroomRefusal() is not { } refusal)
            {
                return session.ToPlan(refused);
            }

            refused.Add(refusal.Cluster, refusal.Reason);
        }
    }
}
