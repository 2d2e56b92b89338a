using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Tests.Scheduling;

/// <summary>
/// Checks a plan against the hard rules from the fleet and inputs alone, without the scheduler's code, so tests
/// and the benchmark can trust "zero violations". Returns every violation found.
/// </summary>
internal static class PlanConstraintChecker
{
    public static List<string> Check(Fleet fleet, IReadOnlyList<HostCapacity> capacities, IReadOnlyList<Placement> current, SchedulePlan plan)
    {
        var violations = new List<string>();
        var hosts = fleet.Hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
        var reports = new Dictionary<string, HostCapacity>(StringComparer.Ordinal);
        foreach (var capacity in capacities)
        {
            reports[capacity.Host] = capacity;
        }

        var clusters = fleet.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var desired = FleetNodes.Expand(fleet).ToDictionary(n => (n.Cluster, n.Name));
        var existing = current.Select(p => (p.Cluster, p.Node, p.Host)).ToHashSet();
        var seen = new HashSet<(string, string)>();
        var usage = new Dictionary<string, decimal[]>(StringComparer.Ordinal);
        var metalTaken = new HashSet<string>(StringComparer.Ordinal);
        var controlPlaneDomains = new Dictionary<string, List<(string Host, string Domain)>>(StringComparer.Ordinal);

        foreach (var (placement, change, _) in plan.Placements)
        {
            var where = $"{placement.Cluster}/{placement.Node} on {placement.Host}";
            if (!seen.Add((placement.Cluster, placement.Node)))
            {
                violations.Add($"{where}: placed twice");
            }

            if (!desired.TryGetValue((placement.Cluster, placement.Node), out var node) || node.Role != placement.Role || node.Pool != placement.Pool)
            {
                violations.Add($"{where}: not a declared node with this role and pool");
                continue;
            }

            if (!hosts.TryGetValue(placement.Host, out var host))
            {
                violations.Add($"{where}: host not declared");
                continue;
            }

            var report = reports.GetValueOrDefault(host.Name);
            if (report?.Health == HostHealth.Failed)
            {
                violations.Add($"{where}: host failed");
            }

            var isNew = !existing.Contains((placement.Cluster, placement.Node, placement.Host));
            if (isNew != (change != PlacementChange.Kept))
            {
                violations.Add($"{where}: change {change} but the placement is {(isNew ? "new" : "current")}");
            }

            if (isNew && (host.Cordoned || host.Maintenance))
            {
                violations.Add($"{where}: new node on a cordoned or maintenance host");
            }

            if (node.Metal is { } metal)
            {
                if (host.Role != HostRole.Metal || !metal.HostSelector.All(kv => host.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                {
                    violations.Add($"{where}: metal node on a host that is not a matching metal host");
                }

                if (!metalTaken.Add(host.Name))
                {
                    violations.Add($"{where}: second bare-metal node on one host");
                }

                continue;
            }

            if (host.Role != HostRole.Kvm)
            {
                violations.Add($"{where}: microVM on a metal host");
            }

            if (isNew && report is null)
            {
                violations.Add($"{where}: new node on a host that reported no capacity");
            }

            var cluster = clusters[placement.Cluster];
            var overcommit = node.Role == NodeRole.Worker || cluster.ControlPlane.AllowOvercommit;
            var used = usage.TryGetValue(host.Name, out var u) ? u : usage[host.Name] = new decimal[4];
            used[overcommit ? 2 : 0] += node.Machine!.Vcpus;
            used[overcommit ? 3 : 1] += node.Machine.MemoryMiB;
            if (node.Role == NodeRole.ControlPlane && !cluster.ControlPlane.AllowSharedFailureDomains)
            {
                var others = controlPlaneDomains.TryGetValue(cluster.Name, out var list) ? list : controlPlaneDomains[cluster.Name] = [];
                if (others.Any(o => o.Host == host.Name || o.Domain == host.FailureDomain))
                {
                    violations.Add($"{where}: shares a host or failure domain with another control-plane node of {cluster.Name}");
                }

                others.Add((host.Name, host.FailureDomain));
            }
        }

        foreach (var (hostName, used) in usage)
        {
            var host = hosts[hostName];
            if (reports.GetValueOrDefault(hostName) is not { } report)
            {
                continue;
            }

            CheckCapacity(violations, hostName, "vCPUs", Math.Max(0, report.Cpus - host.Reserved.Cpus), (decimal)host.Overcommit.Cpu, used[0], used[2]);
            CheckCapacity(violations, hostName, "MiB", Math.Max(0, report.MemoryMiB - host.Reserved.MemoryMiB), (decimal)host.Overcommit.Memory, used[1], used[3]);
        }

        foreach (var unplaced in plan.Unplaced)
        {
            if (!seen.Add((unplaced.Cluster, unplaced.Node)))
            {
                violations.Add($"{unplaced.Cluster}/{unplaced.Node}: both placed and unplaced (or unplaced twice)");
            }
        }

        violations.AddRange(desired.Keys.Where(k => !seen.Contains(k)).Select(k => $"{k.Cluster}/{k.Name}: neither placed nor unplaced"));
        return violations;
    }

    /// <summary>Guaranteed use must fit the real capacity; shared use what is left times the ratio.</summary>
    private static void CheckCapacity(List<string> violations, string host, string unit, decimal allocatable, decimal ratio, decimal guaranteed, decimal shared)
    {
        if (guaranteed > allocatable || shared > Math.Floor((allocatable - guaranteed) * ratio))
        {
            violations.Add($"{host}: over capacity in {unit}: {guaranteed} guaranteed + {shared} shared of {allocatable} × {ratio}");
        }
    }
}
