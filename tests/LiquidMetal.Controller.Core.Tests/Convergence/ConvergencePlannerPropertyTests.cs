using CsCheck;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using static LiquidMetal.Controller.Core.Tests.TestFleets;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

/// <summary>
/// Random fleets, random changes (scale, template change, cluster added or deleted, host failed and back) and a
/// controller killed after a random prefix of each plan's actions: afterwards the fleet always converges with every
/// node exactly once, and a control plane that had all its nodes never drops below quorum while all hosts answer.
/// </summary>
public class ConvergencePlannerPropertyTests
{
    [Fact]
    public void Plan_AnyPrefixOfActionsAfterAnyChanges_ConvergesWithEveryNodeExactlyOnce() =>
        Gen.Int[0, int.MaxValue].Sample(seed => Run(new Random(seed)), iter: 300);

    [Fact]
    public void Plan_RepeatedWithoutApplying_SameActions() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            var world = new FakeFleetWorld(RandomFleet(random, HostsFor(random)));
            ApplyPrefix(world, random);
            var first = world.Plan().Actions;
            var second = world.Plan().Actions;
            Assert.Equal(first.Select(Describe), second.Select(Describe));
        }, iter: 200);

    private static void Run(Random random)
    {
        var hosts = HostsFor(random);
        var world = new FakeFleetWorld(RandomFleet(random, hosts));
        for (var step = random.Next(2, 6); step > 0; step--)
        {
            switch (random.Next(5))
            {
                case 0 or 1:
                    world.Fleet = RandomFleet(random, hosts, world.Fleet);
                    break;
                case 2:
                    var host = world.Hosts.Values.ElementAt(random.Next(world.Hosts.Count));
                    host.Reachable = false;
                    host.UnreachableSince ??= world.Now;
                    break;
                default:
                    foreach (var h in world.Hosts.Values)
                    {
                        h.Reachable = true;
                        h.UnreachableSince = null;
                    }

                    break;
            }

            world.Now += TimeSpan.FromSeconds(random.Next(0, 3) * 45);
            for (var crash = random.Next(1, 4); crash > 0; crash--)
            {
                var quorate = QuorateControlPlanes(world);
                ApplyPrefix(world, random);
                AssertQuorumKept(world, quorate);
            }
        }

        foreach (var h in world.Hosts.Values)
        {
            h.Reachable = true;
            h.UnreachableSince = null;
        }

        world.Converge(maxRounds: 100);
        FleetAssert.EveryNodeExactlyOnce(world);
        FleetAssert.ControlPlanesOnDistinctHosts(world);
    }

    /// <summary>Plans, applies a random prefix (a controller killed part-way), and maybe lets the agents finish deleting.</summary>
    private static void ApplyPrefix(FakeFleetWorld world, Random random)
    {
        var actions = world.Plan().Actions;
        foreach (var action in actions.Take(random.Next(actions.Count + 1)))
        {
            world.Apply(action);
        }

        if (random.Next(2) == 0)
        {
            world.CompleteDeletions();
        }
    }

    /// <summary>Clusters whose control plane is whole, with every host answering (a rolled control plane must stay quorate).</summary>
    private static Dictionary<string, int> QuorateControlPlanes(FakeFleetWorld world)
    {
        if (world.Hosts.Values.Any(h => !h.Reachable || h.RecordedFailed))
        {
            return [];
        }

        return world.Fleet.Clusters
            .Where(c => LiveControlPlane(world, c.Name) >= c.ControlPlane.Replicas)
            .ToDictionary(c => c.Name, c => (c.ControlPlane.Replicas / 2) + 1);
    }

    private static void AssertQuorumKept(FakeFleetWorld world, Dictionary<string, int> quorate)
    {
        foreach (var (cluster, quorum) in quorate)
        {
            if (world.Fleet.Clusters.Any(c => c.Name == cluster))
            {
                Assert.True(LiveControlPlane(world, cluster) >= quorum, $"{cluster} lost control-plane quorum");
            }
        }
    }

    private static int LiveControlPlane(FakeFleetWorld world, string cluster) =>
        world.LiveVms().Where(v => v.Cluster == cluster && v.Node.StartsWith(cluster + "-cp-", StringComparison.Ordinal))
            .Select(v => v.Node).Distinct().Count();

    private static Host[] HostsFor(Random random) =>
        [.. Enumerable.Range(1, random.Next(3, 6)).Select(i => Kvm($"sled-{i}"))];

    /// <summary>A fleet of 1-3 clusters; given a previous fleet, changes it (scale, template, add or delete a cluster).</summary>
    private static Fleet RandomFleet(Random random, Host[] hosts, Fleet? previous = null)
    {
        var clusters = previous?.Clusters.ToList() ?? [];
        if (previous is null || random.Next(4) == 0)
        {
            var name = $"c{random.Next(100)}";
            if (clusters.All(c => c.Name != name))
            {
                clusters.Add(Cluster(name, random.Next(2) == 0 ? 1 : 3, Machine(1, 256), Pool("vm", random.Next(0, 3))));
            }
        }

        if (previous is not null && clusters.Count > 0)
        {
            var index = random.Next(clusters.Count);
            var cluster = clusters[index];
            clusters[index] = random.Next(4) switch
            {
                0 => cluster with { WorkerPools = [Pool("vm", random.Next(0, 4), cluster.WorkerPools[0].Machine)] },
                1 => cluster with { ControlPlane = cluster.ControlPlane with { Machine = Machine(1, 256 * random.Next(1, 3)) } },
                2 => cluster with { WorkerPools = [Pool("vm", cluster.WorkerPools[0].Replicas, Machine(1, 256 * random.Next(1, 3)))] },
                _ => cluster,
            };
            if (random.Next(5) == 0)
            {
                clusters.RemoveAt(random.Next(clusters.Count));
            }
        }

        return Fleet(hosts, [.. clusters.OrderBy(c => c.Name, StringComparer.Ordinal)]);
    }

    private static string Describe(ConvergenceAction action) => action switch
    {
        CreateVmAction c => $"create {c.Vm.VmId} on {c.Host}",
        DeleteVmAction d => $"delete {d.Vm.VmId} on {d.Vm.Host}",
        _ => action.ToString(),
    };
}
