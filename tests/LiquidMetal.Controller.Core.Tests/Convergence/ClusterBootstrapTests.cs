using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;
using static LiquidMetal.Controller.Core.Tests.TestFleets;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

public class ClusterBootstrapTests
{
    private static readonly Host[] ThreeHosts = [Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3")];

    private static Fleet TwoClusters(int workers = 2) => Fleet(ThreeHosts,
        Cluster("alpha", 3, Machine(1, 256), Pool("vm", workers)),
        Cluster("beta", 1, null, Pool("vm", 1)));

    [Fact]
    public void Plan_NewClusters_InitOnExactlyOneControlPlaneNodeEach()
    {
        var world = new FakeFleetWorld(TwoClusters());

        var creates = world.Plan().Actions.OfType<CreateVmAction>().ToDictionary(c => c.Vm.Node.Name, c => c.Bootstrap);

        Assert.Equal(BootstrapAction.InitControlPlane, creates["alpha-cp-0"]);
        Assert.Equal(BootstrapAction.JoinControlPlane, creates["alpha-cp-1"]);
        Assert.Equal(BootstrapAction.JoinControlPlane, creates["alpha-cp-2"]);
        Assert.Equal(BootstrapAction.JoinWorker, creates["alpha-vm-0"]);
        Assert.Equal(BootstrapAction.JoinWorker, creates["alpha-vm-1"]);
        Assert.Equal(BootstrapAction.InitControlPlane, creates["beta-cp-0"]);
        Assert.Equal(BootstrapAction.JoinWorker, creates["beta-vm-0"]);
    }

    [Fact]
    public void Plan_FirstControlPlaneNodeReplacedByARoll_Joins()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        world.FinishBoots();
        world.Converge();
        world.Fleet = Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 512), Pool("vm", 2)), Cluster("beta", 1, null, Pool("vm", 1)));

        var creates = new List<CreateVmAction>();
        world.Converge(afterRound: plan =>
        {
            creates.AddRange(plan.Actions.OfType<CreateVmAction>());
            world.FinishBoots();
        });

        Assert.Contains(creates, c => c.Vm.Node.Name == "alpha-cp-0");
        Assert.All(creates, c => Assert.NotEqual(BootstrapAction.InitControlPlane, c.Bootstrap));
    }

    [Fact]
    public void Plan_InitDeferredByBootLimit_StillInitsWhenItsCreateComes()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256))))
        {
            MaxBooting = 1,
        };

        var creates = new List<CreateVmAction>();
        world.Converge(afterRound: plan =>
        {
            creates.AddRange(plan.Actions.OfType<CreateVmAction>());
            world.FinishBoots();
        });

        Assert.Equal(3, creates.Count);
        Assert.Equal(BootstrapAction.InitControlPlane, creates.Single(c => c.Vm.Node.Name == "alpha-cp-0").Bootstrap);
        Assert.Single(creates, c => c.Bootstrap == BootstrapAction.InitControlPlane);
    }

    [Fact]
    public void Evaluate_InitRecordCreating_InitializedAndOnlyThatNodeResumesTheInit()
    {
        var creating = new MachineRecord("alpha", "alpha-cp-0", NodeRole.ControlPlane, null, "sled-1", "alpha-cp-0-12345678", "h", MachinePhase.Creating, Initializes: true);

        var init = ClusterBootstrap.Evaluate("alpha", false, [creating], _ => true, _ => false);

        Assert.True(init.IsInitialized);
        Assert.Same(creating, init.Attempt);
        Assert.True(init.Initializes("alpha-cp-0"));
        Assert.False(init.Initializes("alpha-cp-1"));
        Assert.False(ClusterBootstrap.Evaluate("beta", false, [creating], _ => true, _ => false).IsInitialized);
    }

    [Fact]
    public void Evaluate_InitRecordCreatedItsVmGone_NotInitializedAndAbandoned()
    {
        var created = new MachineRecord("alpha", "alpha-cp-0", NodeRole.ControlPlane, null, "sled-1", "alpha-cp-0-12345678", "h", MachinePhase.Created, Initializes: true);

        var dead = ClusterBootstrap.Evaluate("alpha", false, [created], _ => true, _ => false);
        var presumed = ClusterBootstrap.Evaluate("alpha", false, [created], _ => false, _ => false);
        var running = ClusterBootstrap.Evaluate("alpha", false, [created], _ => true, _ => true);
        var stored = ClusterBootstrap.Evaluate("alpha", true, [created], _ => true, _ => false);

        Assert.False(dead.IsInitialized);
        Assert.Equal([created], dead.Abandoned);
        Assert.True(dead.Initializes("alpha-cp-1"));
        Assert.True(presumed.IsInitialized);
        Assert.False(presumed.Initializes("alpha-cp-0"));
        Assert.True(running.IsInitialized);
        Assert.False(running.Initializes("alpha-cp-0"));
        Assert.True(stored.IsInitialized);
        Assert.False(stored.Initializes("alpha-cp-1"));
    }

    [Fact]
    public void Evaluate_JoinRecordsCreated_NotInitialized()
    {
        var join = new MachineRecord("alpha", "alpha-cp-1", NodeRole.ControlPlane, null, "sled-1", "alpha-cp-1-12345678", "h", MachinePhase.Created);

        Assert.False(ClusterBootstrap.Evaluate("alpha", false, [join], _ => true, _ => true).IsInitialized);
    }

    [Fact]
    public void Plan_InitVmFailedBeforeBoot_ReplacementInitsAndAWarningSaysWhy()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256))));
        world.Converge();
        var failedVm = SetState(world, "alpha-cp-0", MicroVmState.Failed);

        var creates = new List<CreateVmAction>();
        world.Converge(afterRound: plan => creates.AddRange(plan.Actions.OfType<CreateVmAction>()));

        var again = Assert.Single(creates);
        Assert.Equal("alpha-cp-0", again.Vm.Node.Name);
        Assert.Equal(BootstrapAction.InitControlPlane, again.Bootstrap);
        Assert.True(again.Record.Initializes);
        Assert.True(world.Records[("alpha", "alpha-cp-0")].Initializes);
        var warning = Assert.Single(world.Events, e => e.Reason == "InitRetried");
        Assert.Equal(EventSeverity.Warning, warning.Severity);
        Assert.Equal(ConditionTypes.ClusterKind, warning.Kind);
        Assert.Contains($"VM {failedVm} of alpha-cp-0 on", warning.Message, StringComparison.Ordinal);
        Assert.Contains("(failed or lost, now gone)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("alpha-cp-0 now runs kubeadm init", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_InitVmGoneBeforeBootAnotherControlPlaneCreatedFirst_ThatOneInitsOnlyOnce()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256))));
        world.Converge();
        // The init VM vanished (its agent lost it) and a joining node failed: both are created again in one round.
        RemoveVm(world, "alpha-cp-0");
        SetState(world, "alpha-cp-1", MicroVmState.Failed);

        var creates = new List<CreateVmAction>();
        world.Converge(afterRound: plan => creates.AddRange(plan.Actions.OfType<CreateVmAction>()));

        Assert.Single(creates, c => c.Bootstrap == BootstrapAction.InitControlPlane);
        Assert.Equal(BootstrapAction.InitControlPlane, creates.First(c => c.Vm.Node.Name == "alpha-cp-0").Bootstrap);
        Assert.Single(world.Events, e => e.Reason == "InitRetried");
    }

    [Fact]
    public void Plan_InitVmPendingAJoinFails_ReplacementJoinsNoSecondInit()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256))));
        world.Converge();
        SetState(world, "alpha-cp-1", MicroVmState.Failed);

        var creates = new List<CreateVmAction>();
        world.Converge(afterRound: plan => creates.AddRange(plan.Actions.OfType<CreateVmAction>()));

        var again = Assert.Single(creates);
        Assert.Equal("alpha-cp-1", again.Vm.Node.Name);
        Assert.Equal(BootstrapAction.JoinControlPlane, again.Bootstrap);
        Assert.False(again.Record.Initializes);
        Assert.DoesNotContain(world.Events, e => e.Reason == "InitRetried");
        Assert.Empty(world.Initialized);
    }

    [Fact]
    public void Plan_InitVmBootedThenFailed_StoredInitializedAndTheReplacementJoins()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256))));
        world.Converge();
        var initVm = world.Records[("alpha", "alpha-cp-0")].VmId;
        world.FinishBoots();
        var marked = world.Plan().Actions.OfType<MarkClusterInitializedAction>().ToList();
        world.Converge();
        Assert.Equal(["alpha"], world.Initialized);
        SetState(world, "alpha-cp-0", MicroVmState.Failed);

        var creates = new List<CreateVmAction>();
        world.Converge(afterRound: plan => creates.AddRange(plan.Actions.OfType<CreateVmAction>()));

        Assert.Equal("alpha", Assert.Single(marked).Cluster);
        Assert.Equal(initVm, marked[0].VmId);
        var again = Assert.Single(creates);
        Assert.Equal("alpha-cp-0", again.Vm.Node.Name);
        Assert.Equal(BootstrapAction.JoinControlPlane, again.Bootstrap);
        Assert.Contains(world.Events, e => e.Reason == "Initialized" && e.Name == "alpha");
    }

    [Fact]
    public void Plan_JoinVmBootedInitVmNot_NotStoredInitialized()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256))));
        world.Converge();
        SetState(world, "alpha-cp-1", MicroVmState.Created);

        var plan = world.Plan();

        Assert.Empty(plan.Actions.OfType<MarkClusterInitializedAction>());
    }

    [Fact]
    public void Plan_InitHostUnreachableInGrace_NoNewInit()
    {
        var world = new FakeFleetWorld(Fleet([.. ThreeHosts, Kvm("sled-4")], Cluster("alpha", 3, Machine(1, 256))));
        world.Converge();
        var initHost = world.Hosts[world.Records[("alpha", "alpha-cp-0")].Host];
        initHost.Reachable = false;
        initHost.UnreachableSince = world.Now;
        SetState(world, "alpha-cp-1", MicroVmState.Failed);

        var creates = new List<CreateVmAction>();
        for (var round = 0; round < 4; round++)
        {
            var plan = world.Plan();
            creates.AddRange(plan.Actions.OfType<CreateVmAction>());
            foreach (var action in plan.Actions)
            {
                world.Apply(action);
            }

            world.CompleteDeletions();
        }

        Assert.Contains(creates, c => c.Vm.Node.Name == "alpha-cp-1");
        Assert.All(creates, c => Assert.NotEqual(BootstrapAction.InitControlPlane, c.Bootstrap));
    }

    [Fact]
    public void Plan_InitHostFailedBeforeBoot_ReplacementElsewhereInits()
    {
        var world = new FakeFleetWorld(Fleet([.. ThreeHosts, Kvm("sled-4")], Cluster("alpha", 3, Machine(1, 256))));
        world.Converge();
        var hostName = world.Records[("alpha", "alpha-cp-0")].Host;
        world.Hosts[hostName].Reachable = false;
        world.Hosts[hostName].UnreachableSince = world.Now;
        world.Now += TimeSpan.FromSeconds(61);

        var creates = new List<CreateVmAction>();
        world.Converge(afterRound: plan => creates.AddRange(plan.Actions.OfType<CreateVmAction>()));

        var again = Assert.Single(creates);
        Assert.Equal("alpha-cp-0", again.Vm.Node.Name);
        Assert.NotEqual(hostName, again.Host);
        Assert.Equal(BootstrapAction.InitControlPlane, again.Bootstrap);
        Assert.Contains(world.Events, e => e.Reason == "InitRetried" && e.Message.Contains("its host failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_InitRecordStillCreatingForAnotherNode_OnlyThatNodeInits()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256))));
        // An older round chose alpha-cp-2 and recorded the intent; the controller stopped before the agent was asked.
        var intent = world.Plan().Actions.OfType<CreateVmAction>().Single(c => c.Vm.Node.Name == "alpha-cp-2").Record with { Initializes = true };
        world.Records[(intent.Cluster, intent.Node)] = intent;

        var creates = world.Plan().Actions.OfType<CreateVmAction>().ToDictionary(c => c.Vm.Node.Name);

        Assert.Equal(BootstrapAction.JoinControlPlane, creates["alpha-cp-0"].Bootstrap);
        Assert.Equal(BootstrapAction.JoinControlPlane, creates["alpha-cp-1"].Bootstrap);
        Assert.Equal(BootstrapAction.InitControlPlane, creates["alpha-cp-2"].Bootstrap);
        Assert.True(creates["alpha-cp-2"].Record.Initializes);
    }

    [Fact]
    public void Plan_InitVmFoundWhileItsRecordSaysCreating_KeepsInitializesWhenSavedCreated()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 1, Machine(1, 256))));
        var create = world.Plan().Actions.OfType<CreateVmAction>().Single();
        world.Apply(create);
        world.Records[("alpha", "alpha-cp-0")] = create.Record; // killed after the agent's create, before saving Created

        var save = Assert.Single(world.Plan().Actions.OfType<SaveMachineAction>());

        Assert.Equal(MachinePhase.Created, save.Record.Phase);
        Assert.True(save.Record.Initializes);
    }

    [Fact]
    public void Plan_ClusterDeleted_ForgetsItsInitializedFactBeforeItsPki()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        world.FinishBoots();
        world.Converge();
        Assert.Equal(["alpha", "beta"], world.Initialized);
        world.Fleet = Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256), Pool("vm", 2)));

        var order = new List<string>();
        world.Converge(afterRound: plan => order.AddRange(plan.Actions
            .Where(a => a is ForgetClusterPkiAction or ForgetClusterInitializedAction)
            .Select(a => a is ForgetClusterPkiAction p ? "pki:" + p.Cluster : "initialized:" + ((ForgetClusterInitializedAction)a).Cluster)));

        Assert.Equal(["alpha"], world.Initialized);
        Assert.Equal(["initialized:beta", "pki:beta"], order);
    }

    [Fact]
    public void Plan_ScaledDownCluster_StaysInitialized()
    {
        var world = new FakeFleetWorld(TwoClusters(workers: 3));
        world.Converge();
        world.FinishBoots();
        world.Converge();
        world.Fleet = TwoClusters(workers: 1);

        world.Converge();

        Assert.Equal(["alpha", "beta"], world.Initialized);
    }

    /// <summary>Sets the state of the node's live VM; returns its id.</summary>
    private static string SetState(FakeFleetWorld world, string node, MicroVmState state)
    {
        foreach (var host in world.Hosts.Values)
        {
            var index = host.Vms.FindIndex(v => v.Spec.Labels.GetValueOrDefault(NodeVms.NodeLabel) == node && !v.IsDeleting);
            if (index >= 0)
            {
                host.Vms[index] = host.Vms[index] with { Status = host.Vms[index].Status with { State = state } };
                return host.Vms[index].Id;
            }
        }

        throw new InvalidOperationException($"no VM of {node}");
    }

    private static void RemoveVm(FakeFleetWorld world, string node)
    {
        foreach (var host in world.Hosts.Values)
        {
            host.Vms.RemoveAll(v => v.Spec.Labels.GetValueOrDefault(NodeVms.NodeLabel) == node);
        }
    }

    [Fact]
    public void Plan_KilledAfterRecordingTheInitIntent_InitsTheSameNodeAgain()
    {
        var world = new FakeFleetWorld(Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256))));
        var first = world.Plan().Actions.OfType<CreateVmAction>().ToList();
        // The controller recorded every intent, then died before any agent was asked.
        foreach (var create in first)
        {
            world.Records[(create.Record.Cluster, create.Record.Node)] = create.Record;
        }

        var again = world.Plan().Actions.OfType<CreateVmAction>().ToList();

        Assert.Equal(BootstrapAction.InitControlPlane, again.Single(c => c.Vm.Node.Name == "alpha-cp-0").Bootstrap);
        Assert.Single(again, c => c.Bootstrap == BootstrapAction.InitControlPlane);
    }

    [Fact]
    public void Plan_BootstrapProblem_CreatesNothingForThatClusterAndItsConditionSaysWhy()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.BootstrapProblems["alpha"] = "the controller has no PKI encryption key";

        var plan = world.Plan();

        Assert.DoesNotContain(plan.Actions.OfType<CreateVmAction>(), c => c.Vm.Node.Cluster == "alpha");
        Assert.Contains(plan.Actions.OfType<CreateVmAction>(), c => c.Vm.Node.Cluster == "beta");
        var converged = plan.Conditions.Single(c => c.Kind == ConditionTypes.ClusterKind && c.Name == "alpha").Find(ConditionTypes.Converged)!;
        Assert.Equal(ConditionStatus.False, converged.Status);
        Assert.Equal("BootstrapUnavailable", converged.Reason);
        Assert.Contains("no PKI encryption key", converged.Message, StringComparison.Ordinal);
        var machine = plan.Conditions.Single(c => c.Kind == ConditionTypes.MachineKind && c.Name == "alpha-cp-0").Find(ConditionTypes.VmAvailable)!;
        Assert.Equal("BootstrapUnavailable", machine.Reason);
        Assert.Contains(plan.Waiting, w => w.StartsWith("alpha/alpha-cp-0: cannot be bootstrapped", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_ClusterDeletedAndItsVmsGone_ForgetsItsPkiOnceBeforeItsLastRecords()
    {
        var world = new FakeFleetWorld(TwoClusters());
        world.Converge();
        world.Fleet = Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 256), Pool("vm", 2)));

        var order = new List<string>();
        world.Converge(afterRound: plan => order.AddRange(plan.Actions
            .Where(a => a is ForgetClusterPkiAction or ForgetMachineAction)
            .Select(a => a is ForgetClusterPkiAction p ? "pki:" + p.Cluster : "record:" + ((ForgetMachineAction)a).Node)));

        Assert.Equal(["beta"], world.ForgottenPkis);
        Assert.Equal("pki:beta", order[0]);
        Assert.Equal(["record:beta-cp-0", "record:beta-vm-0"], order.Skip(1).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(world.Records.Keys, k => k.Item1 == "beta");
    }

    [Fact]
    public void Plan_ScaledDownCluster_KeepsItsPki()
    {
        var world = new FakeFleetWorld(TwoClusters(workers: 3));
        world.Converge();
        world.Fleet = TwoClusters(workers: 1);

        world.Converge();

        Assert.Empty(world.ForgottenPkis);
    }
}
