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
        world.Fleet = Fleet(ThreeHosts, Cluster("alpha", 3, Machine(1, 512), Pool("vm", 2)), Cluster("beta", 1, null, Pool("vm", 1)));

        var creates = new List<CreateVmAction>();
        world.Converge(afterRound: plan => creates.AddRange(plan.Actions.OfType<CreateVmAction>()));

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
    public void IsInitialized_OnlyARecordStillCreating_False()
    {
        var creating = new MachineRecord("alpha", "alpha-cp-0", NodeRole.ControlPlane, null, "sled-1", "alpha-cp-0-12345678", "h", MachinePhase.Creating);

        Assert.False(ClusterBootstrap.IsInitialized("alpha", [], [creating]));
        Assert.True(ClusterBootstrap.IsInitialized("alpha", [], [creating with { Phase = MachinePhase.Created }]));
        Assert.False(ClusterBootstrap.IsInitialized("beta", [], [creating with { Phase = MachinePhase.Created }]));
    }

    [Fact]
    public void IsInitialized_ControlPlaneVmObservedInAnyState_True()
    {
        var failed = new ObservedVm("sled-1", "uid", "alpha", "alpha-cp-0", NodeRole.ControlPlane, null, "alpha-cp-0-12345678", "h", MicroVmState.Failed);
        var worker = failed with { Node = "alpha-vm-0", Role = NodeRole.Worker, Pool = "vm" };

        Assert.True(ClusterBootstrap.IsInitialized("alpha", [failed], []));
        Assert.False(ClusterBootstrap.IsInitialized("alpha", [worker], []));
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
