using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Bench.Site;

/// <summary>Every microVM node's VM and the host the scheduler gives it on an empty site: the state the seeders write.</summary>
internal sealed record SitePlan(Fleet Fleet, IReadOnlyList<(NodeVm Vm, string Host)> Vms)
{
    /// <summary>Plans <paramref name="fleet"/> on hosts reporting <paramref name="cpus"/> CPUs and <paramref name="memoryMiB"/> MiB; every node must find a host.</summary>
    public static SitePlan Create(Fleet fleet, int cpus, long memoryMiB)
    {
        var capacities = fleet.Hosts.Select(h => new HostCapacity(h.Name, cpus, memoryMiB)).ToList();
        var schedule = FleetScheduler.Plan(fleet, capacities, []);
        if (schedule.Unplaced.Count > 0)
        {
            throw new InvalidOperationException($"{schedule.Unplaced.Count} nodes do not fit the generated site, e.g. {schedule.Unplaced[0].Node}: {schedule.Unplaced[0].Reason}");
        }

        var hosts = schedule.Placements.ToDictionary(p => (p.Placement.Cluster, p.Placement.Node), p => p.Placement.Host);
        var vms = FleetNodes.Expand(fleet)
            .Where(n => n.Machine is not null)
            .Select(n => (NodeVms.Build(n), hosts[(n.Cluster, n.Name)]))
            .ToList();
        return new SitePlan(fleet, vms);
    }
}
