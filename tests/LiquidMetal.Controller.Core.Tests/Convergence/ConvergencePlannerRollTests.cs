using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Vms;
using static LiquidMetal.Controller.Core.Tests.TestFleets;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

/// <summary>Rolling replacements with guests that boot: a booted old VM is kept until its replacement has booted.</summary>
public class ConvergencePlannerRollTests
{
    private static readonly Host[] ThreeHosts = [Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3")];

    private static Fleet OneCluster(int memoryMiB = 256) => Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, memoryMiB), Pool("vm", 1)));

    [Fact]
    public void Plan_ReplacementStillBootingNextToBootedOldVm_KeepsTheOldOneUntilTheNewOneHasBooted()
    {
        var world = new FakeFleetWorld(OneCluster());
        world.Converge();
        world.FinishBoots();
        world.Fleet = OneCluster(memoryMiB: 512);
        foreach (var action in world.Plan().Actions)
        {
            world.Apply(action);
        }

        var booting = world.Plan();

        Assert.Empty(booting.Actions.OfType<DeleteVmAction>());
        Assert.Contains("alpha/alpha-cp-0: the old VM serves until " + world.Records[("alpha", "alpha-cp-0")].VmId + " on " + world.Records[("alpha", "alpha-cp-0")].Host + " has booted", booting.Waiting);
        Assert.False(booting.IsConverged);

        world.FinishBoots();
        var booted = world.Plan();

        Assert.Contains(booted.Actions.OfType<DeleteVmAction>(), d => d.Vm.Node == "alpha-cp-0" && d.Reason.StartsWith("superseded", StringComparison.Ordinal));
    }

    [Fact]
    public void Converge_TemplateChangedWithBootingGuests_EveryControlPlaneNodeKeepsABootedGuestThroughout()
    {
        var world = new FakeFleetWorld(OneCluster());
        world.Converge();
        world.FinishBoots();
        world.Fleet = OneCluster(memoryMiB: 512);
        var oldIds = world.LiveVms().Select(v => v.VmId).ToHashSet();

        for (var round = 0; ; round++)
        {
            Assert.True(round < 60, "did not converge: " + string.Join("; ", world.Plan().Waiting));
            var plan = world.Plan();
            if (plan.IsConverged)
            {
                break;
            }

            foreach (var action in plan.Actions)
            {
                world.Apply(action);
            }

            world.CompleteDeletions();
            var booted = world.Hosts.SelectMany(h => h.Value.Vms.Where(v => v.Status.State == MicroVmState.Created).Select(v => ObservedVm.From(h.Key, v)!))
                .Where(v => v.Role == NodeRole.ControlPlane).Select(v => v.Node).Distinct().Count();
            Assert.Equal(3, booted);
            world.FinishBoots(1); // one guest finishes booting per round
        }

        FleetAssert.EveryNodeExactlyOnce(world);
        Assert.All(world.LiveVms().Where(v => v.Node.StartsWith("alpha-cp-", StringComparison.Ordinal)), v => Assert.DoesNotContain(v.VmId, oldIds));
    }
}
