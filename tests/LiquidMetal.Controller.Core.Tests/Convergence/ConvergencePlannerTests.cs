using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;
using static LiquidMetal.Controller.Core.Tests.TestFleets;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

public class ConvergencePlannerTests
{
    private static readonly Host[] ThreeHosts = [Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3")];

    private static Fleet TwoClusters(int workers = 2, int memoryMiB = 256) => Fleet(ThreeHosts,
        Cluster("alpha", 3, Machine(1, memoryMiB), Pool("vm", workers)),
        Cluster("beta", 1, null, Pool("vm", 1)));

    [Fact]
    public void Plan_EmptyHosts_CreatesEveryNodeOnItsPlannedHost()
    {
        var world = new FakeFleetWorld(TwoClusters());

        var plan = world.Plan();

        var creates = plan.Actions.OfType<CreateVmAction>().ToList();
        Assert.Equal(7, creates.Count);
        Assert.All(creates, c => Assert.Equal(
            plan.Schedule.Placements.Single(p => p.Placement.Node == c.Vm.Node.Name).Placement.Host, c.Host));
        Assert.All(creates, c => Assert.Equal(MachinePhase.Creating, c.Record.Phase));
        Assert.Equal(["alpha-cp-0", "alpha-cp-1", "alpha-cp-2", "alpha-vm-0", "alpha-vm-1", "beta-cp-0", "beta-vm-0"],
            creates.Select(c => c.Vm.Node.Name));
        Assert.False(plan.IsConverged);
    }

    [Fact]
    public void Plan_AfterEverythingApplied_NothingToDoAndConverged()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();

        var plan = world.Plan();

        Assert.Empty(plan.Actions);
        Assert.True(plan.IsConverged);
        FleetAssert.EveryNodeExactlyOnce(world);
        FleetAssert.ControlPlanesOnDistinctHosts(world);
        Assert.Equal(7, world.AgentCreates);
        Assert.All(plan.Conditions.Where(c => c.Kind == ConditionTypes.ClusterKind),
            c => Assert.Equal(ConditionStatus.True, c.Find(ConditionTypes.Converged)!.Status));
    }

    [Fact]
    public void Plan_PoolScaledDown_DeletesOnlyTheRemovedWorkersAndForgetsTheirRecords()
    {
        var world = new FakeFleetWorld(TwoClusters(workers: 3));
        world.Converge();
        world.Fleet = TwoClusters(workers: 1);

        var plan = world.Plan();

        Assert.Equal(["alpha-vm-1", "alpha-vm-2"], plan.Actions.OfType<DeleteVmAction>().Select(d => d.Vm.Node));
        Assert.Empty(plan.Actions.OfType<CreateVmAction>());
        world.Converge();
        FleetAssert.EveryNodeExactlyOnce(world);
        Assert.DoesNotContain(world.Records.Keys, k => k.Item2 is "alpha-vm-1" or "alpha-vm-2");
    }

    [Fact]
    public void Plan_PoolScaledUp_CreatesOnlyTheNewWorkers()
    {
        var world = new FakeFleetWorld(TwoClusters(workers: 1));
        world.Converge();
        world.Fleet = TwoClusters(workers: 3);

        var plan = world.Plan();

        Assert.Equal(["alpha-vm-1", "alpha-vm-2"], plan.Actions.OfType<CreateVmAction>().Select(c => c.Vm.Node.Name));
        Assert.Empty(plan.Actions.OfType<DeleteVmAction>());
    }

    [Fact]
    public void Plan_TemplateChanged_RollsCreateThenDeleteOneControlPlaneNodeAtATimeNeverBelowQuorum()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        world.Fleet = TwoClusters(memoryMiB: 512);
        var oldIds = world.LiveVms().Select(v => v.VmId).ToHashSet();

        var rounds = world.Converge(afterRound: plan =>
        {
            var controlPlane = world.LiveVms().Where(v => v.Cluster == "alpha" && v.Node.Contains("-cp-", StringComparison.Ordinal)).ToList();
            Assert.True(controlPlane.Select(v => v.Node).Distinct().Count() == 3, "a control-plane node lost its last VM");
            Assert.True(plan.Actions.OfType<CreateVmAction>().Count(c => c.Vm.Node.Cluster == "alpha" && c.Vm.Node.Role == NodeRole.ControlPlane) <= 1);
            Assert.True(controlPlane.Count <= 4, "more than one control-plane node replaced at once");
        });

        FleetAssert.EveryNodeExactlyOnce(world);
        Assert.All(world.LiveVms().Where(v => v.Node.StartsWith("alpha-cp", StringComparison.Ordinal)), v => Assert.DoesNotContain(v.VmId, oldIds));
        Assert.True(rounds >= 6, $"control plane rolled in {rounds} rounds; one at a time needs at least 6");
    }

    [Fact]
    public void Plan_ReplacementCreated_DeletesOldVmOnlyOnceNewOneIsAlive()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        world.Fleet = TwoClusters(memoryMiB: 512);

        var first = world.Plan();
        Assert.Empty(first.Actions.OfType<DeleteVmAction>());
        foreach (var action in first.Actions)
        {
            world.Apply(action);
        }

        var second = world.Plan();

        var created = first.Actions.OfType<CreateVmAction>().Select(c => c.Vm.Node.Name).ToHashSet();
        Assert.Equal(created, second.Actions.OfType<DeleteVmAction>().Select(d => d.Vm.Node).ToHashSet());
        Assert.All(second.Actions.OfType<DeleteVmAction>(), d => Assert.Contains("superseded", d.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_ClusterDeleted_DeletesItsVmsAndForgetsItsRecords()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        world.Fleet = world.Fleet with { Clusters = [.. world.Fleet.Clusters.Where(c => c.Name != "beta")] };

        var plan = world.Plan();

        Assert.Equal(["beta-cp-0", "beta-vm-0"], plan.Actions.OfType<DeleteVmAction>().Select(d => d.Vm.Node));
        Assert.All(plan.Actions.OfType<DeleteVmAction>(), d => Assert.Equal("cluster beta is no longer declared", d.Reason));
        world.Converge();
        FleetAssert.EveryNodeExactlyOnce(world);
        Assert.DoesNotContain(world.Records.Keys, k => k.Item1 == "beta");
        Assert.DoesNotContain(world.Conditions, c => c.Name.StartsWith("beta", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_HostUnreachableWithinGrace_TouchesNothingAndWaits()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        world.Hosts["sled-1"].Reachable = false;
        world.Hosts["sled-1"].UnreachableSince = world.Now;
        world.Now += TimeSpan.FromSeconds(30);

        var plan = world.Plan();

        Assert.Empty(plan.Actions);
        Assert.Contains(plan.Waiting, w => w.Contains("host sled-1: agent unreachable", StringComparison.Ordinal));
        Assert.False(plan.IsConverged);
    }

    [Fact]
    public void Plan_HostFailedPastGrace_MarksItFailedAndReplacesItsNodesLostQuorumFirst()
    {
        var fleet = Fleet([Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3"), Kvm("sled-4")],
            Cluster("alpha", 3, null, Pool("vm", 1)), Cluster("beta", 1));
        var world = new FakeFleetWorld(fleet);
        world.Converge();
        var betaHost = world.Records[("beta", "beta-cp-0")].Host;
        var lost = world.Hosts[betaHost];
        lost.Reachable = false;
        lost.UnreachableSince = world.Now;
        world.Now += TimeSpan.FromSeconds(61);

        var plan = world.Plan();

        Assert.IsType<MarkHostFailedAction>(plan.Actions[0]);
        var creates = plan.Actions.OfType<CreateVmAction>().ToList();
        Assert.NotEmpty(creates);
        Assert.Equal("beta-cp-0", creates[0].Vm.Node.Name); // beta lost its quorum: first
        Assert.All(creates, c => Assert.NotEqual(betaHost, c.Host));
        Assert.Contains(world.Events, e => e.Reason == "HostFailed" && e.Name == betaHost);
    }

    [Fact]
    public void Plan_FailedHostReturns_DeletesItsStaleVmsAndMarksItRecovered()
    {
        var world = new FakeFleetWorld(TwoClusters() with { Hosts = [.. ThreeHosts, Kvm("sled-4")] });
        world.Converge();
        var host = world.Hosts["sled-1"];
        var stale = host.Vms.Count;
        host.Reachable = false;
        host.UnreachableSince = world.Now;
        world.Now += TimeSpan.FromMinutes(5);
        world.Converge();
        Assert.True(host.RecordedFailed);

        host.Reachable = true;
        host.UnreachableSince = null;
        var plan = world.Plan();

        Assert.IsType<MarkHostRecoveredAction>(plan.Actions[0]);
        Assert.Equal(stale, plan.Actions.OfType<DeleteVmAction>().Count(d => d.Vm.Host == "sled-1"));
        world.Converge();
        FleetAssert.EveryNodeExactlyOnce(world);
    }

    [Fact]
    public void Plan_VmFailed_DeletesItThenCreatesItAgain()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        var host = world.Hosts[world.Records[("alpha", "alpha-vm-0")].Host];
        var index = host.Vms.FindIndex(v => v.Spec.Labels[NodeVms.NodeLabel] == "alpha-vm-0");
        host.Vms[index] = host.Vms[index] with { Status = new MicroVmStatus { State = MicroVmState.Failed } };

        var plan = world.Plan();

        var delete = Assert.Single(plan.Actions.OfType<DeleteVmAction>());
        Assert.Equal("alpha-vm-0", delete.Vm.Node);
        Assert.Empty(plan.Actions.OfType<CreateVmAction>());
        world.Converge();
        FleetAssert.EveryNodeExactlyOnce(world);
    }

    [Fact]
    public void Plan_IntentRecordedButAgentNeverAsked_CreatesTheSameVmOnTheRecordedHost()
    {
        var world = new FakeFleetWorld(TwoClusters());
        var first = world.Plan().Actions.OfType<CreateVmAction>().First();
        world.Records[(first.Record.Cluster, first.Record.Node)] = first.Record; // killed after recording

        var again = world.Plan().Actions.OfType<CreateVmAction>().Single(c => c.Vm.Node.Name == first.Vm.Node.Name);

        Assert.Equal(first.Host, again.Host);
        Assert.Equal(first.Vm.VmId, again.Vm.VmId);
    }

    [Fact]
    public void Plan_AgentCreatedButRecordStillCreating_OnlyConfirmsTheRecord()
    {
        var world = new FakeFleetWorld(TwoClusters());
        var plan = world.Plan();
        foreach (var action in plan.Actions)
        {
            world.Apply(action);
        }

        var creates = plan.Actions.OfType<CreateVmAction>().ToList();
        foreach (var create in creates)
        {
            world.Records[(create.Record.Cluster, create.Record.Node)] = create.Record; // phase Creating: killed before the update
        }

        var next = world.Plan();

        Assert.Empty(next.Actions.OfType<CreateVmAction>());
        Assert.Equal(creates.Count, next.Actions.OfType<SaveMachineAction>().Count());
        Assert.All(next.Actions.OfType<SaveMachineAction>(), s => Assert.Equal(MachinePhase.Created, s.Record.Phase));
    }

    [Fact]
    public void Plan_StoreLostButVmsRun_AdoptsTheVmsInPlace()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        var before = world.LiveVms();
        world.Records.Clear();

        world.Converge();

        Assert.Equal(before, world.LiveVms());
        Assert.Equal(7, world.AgentCreates);
        FleetAssert.EveryNodeExactlyOnce(world);
    }

    [Fact]
    public void Plan_ForeignVmOnHost_IsNeverTouched()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Hosts["sled-1"].Vms.Add(new MicroVm
        {
            Uid = "foreign",
            Spec = new MicroVmSpec { Id = "mine", Namespace = "alpha", Kernel = new KernelSpec { Image = "k" } },
        });

        world.Converge();

        Assert.Contains(world.Hosts["sled-1"].Vms, v => v.Uid == "foreign" && !v.IsDeleting);
    }

    [Fact]
    public void Plan_ControlPlaneScaledDown_RemovesOneNodeAtATime()
    {
        var fleet = Fleet([Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3"), Kvm("sled-4"), Kvm("sled-5")], Cluster("alpha", 5));
        var world = new FakeFleetWorld(fleet);
        world.Converge();
        world.Fleet = Fleet([Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3"), Kvm("sled-4"), Kvm("sled-5")], Cluster("alpha", 3));

        var plan = world.Plan();

        Assert.Equal("alpha-cp-3", Assert.Single(plan.Actions.OfType<DeleteVmAction>()).Vm.Node);
        world.Converge();
        FleetAssert.EveryNodeExactlyOnce(world);
    }

    [Fact]
    public void Plan_UnplacedNode_KeepsWaitingWithTheSchedulersReason()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 65536))), memoryMiB: 4096);

        var plan = world.Plan();

        Assert.Empty(plan.Actions.OfType<CreateVmAction>());
        var placed = plan.Conditions.Single(c => c.Name == "alpha-cp-0").Find(ConditionTypes.Placed)!;
        Assert.Equal(ConditionStatus.False, placed.Status);
        Assert.Equal("Unplaced", placed.Reason);
        Assert.False(plan.IsConverged);
    }

    [Fact]
    public void Plan_ConditionsUnchanged_KeepTransitionTimeAndChangedStatusMovesIt()
    {
        var world = new FakeFleetWorld(TwoClusters());
        var start = world.Now;
        world.Converge();
        var converged = world.Conditions.Single(c => c.Name == "alpha").Find(ConditionTypes.Converged)!;
        var placed = world.Conditions.Single(c => c.Name == "alpha").Find(ConditionTypes.Placed)!;
        world.Now += TimeSpan.FromMinutes(1);

        world.Plan();

        var later = world.Conditions.Single(c => c.Name == "alpha");
        Assert.Equal(placed.LastTransitionTime, later.Find(ConditionTypes.Placed)!.LastTransitionTime);
        Assert.Equal(start, later.Find(ConditionTypes.Placed)!.LastTransitionTime);
        Assert.Equal(ConditionStatus.True, converged.Status);
        Assert.All(world.Conditions.SelectMany(c => c.Conditions), c => Assert.False(string.IsNullOrEmpty(c.Reason)));

        world.Fleet = TwoClusters(workers: 3);
        world.Now += TimeSpan.FromMinutes(1);
        world.Plan();
        var changed = world.Conditions.Single(c => c.Name == "alpha").Find(ConditionTypes.Converged)!;
        Assert.Equal(ConditionStatus.False, changed.Status);
        Assert.Equal(world.Now, changed.LastTransitionTime);
        Assert.Contains(world.Events, e => e.Kind == ConditionTypes.ClusterKind && e.Name == "alpha" && e.Reason == "Converging");
    }

    [Fact]
    public void Plan_NothingChanged_KeepsEveryPreviousConditionSetAndSaysSo()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        var before = world.Conditions;
        world.Now += TimeSpan.FromMinutes(1);

        var plan = world.Plan();

        Assert.True(plan.ConditionsUnchanged);
        Assert.Equal(before.Count, plan.Conditions.Count);
        Assert.All(plan.Conditions, set => Assert.Same(before.Single(b => b.Kind == set.Kind && b.Name == set.Name), set));
    }

    [Fact]
    public void Plan_NewGenerationOrOneVmChanged_NotUnchangedAndOnlyChangedSetsAreNew()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        var before = world.Conditions;
        world.FinishBoots();
        world.Plan();
        before = world.Conditions;
        var host = world.Hosts.Values.Single(h => h.Vms.Any(v => v.Spec.Labels[NodeVms.NodeLabel] == "beta-vm-0"));
        var index = host.Vms.FindIndex(v => v.Spec.Labels[NodeVms.NodeLabel] == "beta-vm-0");
        host.Vms[index] = host.Vms[index] with { Status = host.Vms[index].Status with { State = MicroVmState.Pending } };

        var plan = world.Plan();

        Assert.False(plan.ConditionsUnchanged);
        var changed = plan.Conditions.Where(set => !ReferenceEquals(before.Single(b => b.Kind == set.Kind && b.Name == set.Name), set)).Select(s => s.Name);
        Assert.Equal(["beta-vm-0"], changed);
        Assert.Equal("Pending", plan.Conditions.Single(c => c.Name == "beta-vm-0").Find(ConditionTypes.VmAvailable)!.Reason);

        world.Generation++;
        Assert.False(world.Plan().ConditionsUnchanged);
        Assert.All(world.Conditions.SelectMany(c => c.Conditions), c => Assert.Equal(world.Generation, c.ObservedGeneration));
    }

    [Fact]
    public void Plan_WithVmCacheAcrossRounds_SameAnswerAsWithout()
    {
        var world = new FakeFleetWorld(TwoClusters());
        var cache = new NodeVmCache();
        var rounds = 0;
        foreach (var fleet in (Fleet[])[TwoClusters(), TwoClusters(workers: 3, memoryMiB: 512)])
        {
            world.Fleet = fleet;
            while (true)
            {
                Assert.True(++rounds < 40, "did not converge");
                var without = ConvergencePlanner.Plan(world.Input());
                var with = ConvergencePlanner.Plan(world.Input() with { VmCache = cache });

                Assert.Equal(Describe(without), Describe(with));
                Assert.Equal(Flatten(without), Flatten(with));
                Assert.Equal(without.Schedule.Placements, with.Schedule.Placements);
                Assert.Equal(without.ConditionsUnchanged, with.ConditionsUnchanged);
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
            }
        }

        Assert.Equal(8, cache.Count);
    }

    private static List<(string, string, Condition)> Flatten(ConvergencePlan plan) =>
        [.. plan.Conditions.SelectMany(c => c.Conditions.Select(x => (c.Kind, c.Name, x)))];

    private static List<string> Describe(ConvergencePlan plan) =>
        [.. plan.Actions.Select(a => $"{a.GetType().Name} {a.Reason}"), .. plan.Events.Select(e => $"{e.Name} {e.Reason} {e.Message}"), .. plan.Waiting];
}
