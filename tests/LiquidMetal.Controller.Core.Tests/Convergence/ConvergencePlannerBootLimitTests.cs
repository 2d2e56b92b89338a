using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Vms;
using static LiquidMetal.Controller.Core.Tests.TestFleets;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

/// <summary><see cref="ConvergenceInput.MaxBooting"/>: at most that many VMs created but not yet Ready, fleet-wide.</summary>
public class ConvergencePlannerBootLimitTests
{
    private static readonly Host[] ThreeHosts = [Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3")];

    private static Fleet TwoClusters() => Fleet(ThreeHosts,
        Cluster("alpha", 3, null, Pool("vm", 2)),
        Cluster("beta", 1, null, Pool("vm", 1)));

    [Fact]
    public void Plan_NothingBootingWithLimitTwo_CreatesTwoAndReportsTheRestWaiting()
    {
        var world = new FakeFleetWorld(TwoClusters()) { MaxBooting = 2 };

        var plan = world.Plan();

        Assert.Equal(["alpha-cp-0", "alpha-cp-1"], plan.Actions.OfType<CreateVmAction>().Select(c => c.Vm.Node.Name));
        Assert.Equal(5, plan.CreatesWaitingToBoot);
        Assert.Equal(2, plan.Booting);
        Assert.Equal(5, plan.Waiting.Count(w => w.Contains("create held back: 2 booting", StringComparison.Ordinal)));
        Assert.Contains("beta/beta-vm-0: create held back: 2 booting (at most 2 at a time)", plan.Waiting);
        Assert.False(plan.IsConverged);
        Assert.Equal(["alpha-cp-0", "alpha-cp-1"], plan.Events.Where(e => e.Reason == "CreatingVm").Select(e => e.Name));
        var deferred = plan.Conditions.Single(c => c.Name == "beta-vm-0").Find(ConditionTypes.VmAvailable)!;
        Assert.Equal((ConditionStatus.False, "WaitingToBoot"), (deferred.Status, deferred.Reason));
        Assert.Equal("Creating", plan.Conditions.Single(c => c.Name == "alpha-cp-0").Find(ConditionTypes.VmAvailable)!.Reason);
    }

    [Fact]
    public void Plan_LimitZero_IsUnlimited()
    {
        var world = new FakeFleetWorld(TwoClusters()) { MaxBooting = 0 };

        var plan = world.Plan();

        Assert.Equal(7, plan.Actions.OfType<CreateVmAction>().Count());
        Assert.Equal(0, plan.CreatesWaitingToBoot);
        Assert.DoesNotContain(plan.Waiting, w => w.Contains("booting", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_PendingVmsFillTheLimit_CreatesNothingUntilOneIsReadyThenOne()
    {
        var world = new FakeFleetWorld(TwoClusters()) { MaxBooting = 2 };
        foreach (var action in world.Plan().Actions)
        {
            world.Apply(action);
        }

        var first = world.Plan();
        world.Now += TimeSpan.FromSeconds(30);
        var full = world.Plan();

        Assert.Empty(full.Actions.OfType<CreateVmAction>());
        Assert.Equal(5, full.CreatesWaitingToBoot);
        Assert.Contains("alpha/alpha-cp-2: create held back: 2 booting (at most 2 at a time)", full.Waiting);
        var before = first.Conditions.Single(c => c.Name == "alpha-cp-2").Find(ConditionTypes.VmAvailable)!;
        var after = full.Conditions.Single(c => c.Name == "alpha-cp-2").Find(ConditionTypes.VmAvailable)!;
        Assert.Equal(before.LastTransitionTime, after.LastTransitionTime);

        Assert.Equal(1, world.FinishBoots(1));
        var next = world.Plan();

        // alpha has its quorum (2 of 3 alive, booting counts); beta has none: its control plane goes first.
        Assert.Equal(["beta-cp-0"], next.Actions.OfType<CreateVmAction>().Select(c => c.Vm.Node.Name));
        Assert.Equal(4, next.CreatesWaitingToBoot);
    }

    [Fact]
    public void Plan_MoreAlreadyBootingThanTheLimit_CreatesNothing()
    {
        var world = new FakeFleetWorld(TwoClusters());
        foreach (var action in world.Plan().Actions.Where(a => a is CreateVmAction { Vm.Node.Name: "alpha-cp-0" or "alpha-cp-1" or "alpha-cp-2" }))
        {
            world.Apply(action);
        }

        world.MaxBooting = 2;
        var plan = world.Plan();

        Assert.Empty(plan.Actions.OfType<CreateVmAction>());
        Assert.Equal(4, plan.CreatesWaitingToBoot);
        Assert.Contains(plan.Waiting, w => w.EndsWith("create held back: 3 booting (at most 2 at a time)", StringComparison.Ordinal));
    }

    [Fact]
    public void Converge_WithLimitTwoAndOneBootPerRound_NeverMoreThanTwoBootingAndEveryNodeOnce()
    {
        var world = new FakeFleetWorld(TwoClusters()) { MaxBooting = 2 };
        var rounds = 0;
        while (true)
        {
            Assert.True(++rounds < 50, "did not converge: " + string.Join("; ", world.Plan().Waiting));
            var plan = world.Plan();
            if (plan.IsConverged && world.FinishBoots() == 0)
            {
                break;
            }

            foreach (var action in plan.Actions)
            {
                world.Apply(action);
            }

            world.CompleteDeletions();
            Assert.InRange(world.Hosts.Values.Sum(h => h.Vms.Count(v => v.Status.State == MicroVmState.Pending)), 0, 2);
            world.FinishBoots(1);
        }

        FleetAssert.EveryNodeExactlyOnce(world);
        FleetAssert.ControlPlanesOnDistinctHosts(world);
        Assert.Equal(7, world.AgentCreates);
        Assert.All(world.Hosts.Values.SelectMany(h => h.Vms), v => Assert.Equal(MicroVmState.Created, v.Status.State));
    }

    [Fact]
    public void Plan_HostFailedWithLimitOne_ClusterThatLostQuorumBootsFirst()
    {
        var fleet = Fleet([Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3"), Kvm("sled-4")],
            Cluster("alpha", 3, null, Pool("vm", 1)), Cluster("beta", 1));
        var world = new FakeFleetWorld(fleet);
        world.Converge();
        world.FinishBoots();
        var betaHost = world.Records[("beta", "beta-cp-0")].Host;
        var lost = world.Hosts[betaHost];
        lost.Reachable = false;
        lost.UnreachableSince = world.Now;
        world.Now += TimeSpan.FromSeconds(61);
        world.MaxBooting = 1;

        var plan = world.Plan();

        Assert.Equal(["beta-cp-0"], plan.Actions.OfType<CreateVmAction>().Select(c => c.Vm.Node.Name));
        Assert.IsType<MarkHostFailedAction>(plan.Actions[0]);
    }
}
