using CsCheck;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Tests.Scheduling;

/// <summary>A random fleet, its hosts' capacities and some (possibly stale or broken) current placements.</summary>
internal sealed record Scenario(Fleet Fleet, IReadOnlyList<HostCapacity> Capacities, IReadOnlyList<Placement> Current)
{
    public override string ToString() =>
        $"{Fleet.Hosts.Count} hosts, {Fleet.Clusters.Count} clusters, {Current.Count} current placements";

    private static readonly Gen<(Host Host, HostCapacity? Capacity)> GenHost =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 9], Gen.Int[1, 16], Gen.Int[1, 24], Gen.Int[0, 9], Gen.Int[0, 2], Gen.Int[0, 2])
            .Select((domain, kind, cpus, memoryGiB, state, cpuRatio, reserved) =>
            {
                var host = new Host
                {
                    Name = "h",
                    Role = kind < 2 ? HostRole.Metal : HostRole.Kvm,
                    FailureDomain = $"fd-{domain}",
                    Labels = new Dictionary<string, string> { ["nic"] = kind == 0 ? "sriov" : "plain" },
                    Reserved = new ResourceAmount(reserved, reserved * 512),
                    Overcommit = new OvercommitRatios(1.0 + (cpuRatio * 0.5), cpuRatio == 2 ? 1.5 : 1.0),
                    Cordoned = state == 7,
                    Maintenance = state == 8,
                };
                var capacity = state == 9 ? null
                    : new HostCapacity("h", cpus, memoryGiB * 1024L, state == 6 ? HostHealth.Failed : HostHealth.Reachable);
                return (host, capacity);
            });

    private static readonly Gen<MachineSpec> GenMachine =
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 8]).Select((cpus, memory) => TestFleets.Machine(cpus, memory * 512));

    private static readonly Gen<WorkerPool> GenPool =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 3], GenMachine).Select((replicas, kind, machine) => kind == 0
            ? new WorkerPool { Name = "p", Replicas = replicas, Metal = new MetalPool { HostSelector = new Dictionary<string, string> { ["nic"] = "sriov" } } }
            : new WorkerPool { Name = "p", Replicas = replicas, Machine = machine });

    private static readonly Gen<Cluster> GenCluster =
        Gen.Select(Gen.Int[0, 2], Gen.Bool, Gen.Bool, GenMachine, GenPool.Array[0, 3], Gen.Int[0, 4])
            .Select((replicas, shared, overcommit, machine, pools, headroom) => TestFleets.Cluster("c", (replicas * 2) + 1, machine) with
            {
                ControlPlane = TestFleets.Cluster("c", (replicas * 2) + 1, machine).ControlPlane with
                {
                    AllowSharedFailureDomains = shared,
                    AllowOvercommit = overcommit,
                },
                WorkerPools = [.. pools.Select((p, i) => p with { Name = $"pool{i}" })],
                RequireHeadroom = headroom == 0,
            });

    public static readonly Gen<Scenario> Any =
        Gen.Select(GenHost.Array[1, 9], GenCluster.Array[0, 6], Gen.Int[-3, 12].Array[40])
            .Select((hosts, clusters, choices) => Build(hosts, clusters, choices));

    private static Scenario Build((Host Host, HostCapacity? Capacity)[] hosts, Cluster[] clusters, int[] choices)
    {
        var named = hosts.Select((h, i) => (Host: h.Host with { Name = $"host-{i}" }, Capacity: h.Capacity is null ? null : h.Capacity with { Host = $"host-{i}" })).ToList();
        var fleet = new Fleet
        {
            Hosts = [.. named.Select(h => h.Host)],
            Clusters = [.. clusters.Select((c, i) => c with { Name = $"cluster-{i}" })],
        };

        // Current placements: some nodes on a random host (any role, so some break rules and must move).
        var current = new List<Placement>();
        var nodes = FleetNodes.Expand(fleet);
        for (var i = 0; i < nodes.Count; i++)
        {
            var choice = choices[i % choices.Length];
            if (choice >= 0 && choice < named.Count)
            {
                var node = nodes[i];
                current.Add(new Placement(node.Cluster, node.Name, node.Role, node.Pool, named[(choice + i) % named.Count].Host.Name));
            }
        }

        if (choices[0] == 12)
        {
            current.Add(new Placement("gone", "gone-cp-0", NodeRole.ControlPlane, null, "host-0"));
        }

        return new Scenario(fleet, [.. named.Where(h => h.Capacity is not null).Select(h => h.Capacity!)], current);
    }
}
