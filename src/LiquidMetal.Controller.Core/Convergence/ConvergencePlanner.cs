namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Plans one convergence round, a pure function: evaluates host health (grace period), asks
/// <see cref="Scheduling.FleetScheduler"/> where every node goes (current placements from the machine records,
/// else from the VMs found), and compares with the VMs the agents report. Rules:
/// <list type="bullet">
/// <item>A node's VM has a deterministic id (<see cref="NodeVms"/>); a missing one is created, recorded first.</item>
/// <item>A node's other VMs (older spec, old host) are deleted only once its current VM is alive (create-then-delete),
/// and once it has booted when one of them has (a booted node is never traded for a booting one);
/// replacements of a live VM go one node at a time per control plane and per pool, so quorum is never lost.</item>
/// <item>A failed VM is deleted and then created again; VMs of nodes or clusters no longer declared are deleted
/// (removed control-plane nodes one per round, only while the rest keep quorum).</item>
/// <item>Nothing is touched on a host in its grace period; past it the host is failed and its nodes re-placed,
/// clusters that lost quorum first. When it returns, its stale VMs are deleted like any other extra VM.</item>
/// </list>
/// </summary>
public static class ConvergencePlanner
{
    public static ConvergencePlan Plan(ConvergenceInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var session = new ConvergenceSession(input);
        return session.Run();
    }
}
