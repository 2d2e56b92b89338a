using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;
using static LiquidMetal.Controller.Core.Tests.TestFleets;

namespace LiquidMetal.Controller.Core.Tests.Scheduling;

public class FleetSchedulerTests
{
    private static HostCapacity Capacity(string host, int cpus = 16, long memoryMiB = 32768) => new(host, cpus, memoryMiB);

    private static Dictionary<string, string> Hosts(SchedulePlan plan) =>
        plan.Placements.ToDictionary(p => p.Placement.Node, p => p.Placement.Host);

    [Fact]
    public void Plan_ControlPlaneWithoutOvercommit_CountsRealCapacityOnly()
    {
        var host = Kvm("sled-1") with { Overcommit = new OvercommitRatios(4.0, 1.0) };
        var fleet = Fleet([host], Cluster("a", 1, Machine(4, 256), Pool("vm", 3, Machine(4, 256))),
            Cluster("b", 1, Machine(1, 256)));

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1", cpus: 4)], []);

        // a's control plane takes the 4 real CPUs; b's (not overcommitted either) finds none left, while workers
        // share the (4 - 4) × 4 = 0 overcommitted CPUs that remain... so only a-cp-0 is placed.
        Assert.Equal(["a-cp-0"], plan.Placements.Select(p => p.Placement.Node));
        var b = Assert.Single(plan.Unplaced, u => u.Node == "b-cp-0");
        Assert.Equal("sled-1: needs 1 vCPU, 0 free", Assert.Single(b.Rejections).ToString());
    }

    [Fact]
    public void Plan_WorkersOnOvercommittedHost_UseRatio()
    {
        var host = Kvm("sled-1") with { Overcommit = new OvercommitRatios(4.0, 1.0) };
        var fleet = Fleet([host], Cluster("a", 1, Machine(1, 256), Pool("vm", 12, Machine(1, 256))));

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1", cpus: 4)], []);

        // 1 real CPU for the control plane, 3 × 4 = 12 shared vCPUs for the workers: all 13 fit, a 14th would not.
        Assert.Equal(13, plan.Placements.Count);
        Assert.Empty(plan.Unplaced);
    }

    [Fact]
    public void Plan_ReservedResources_Subtracted()
    {
        var host = Kvm("sled-1") with { Reserved = new ResourceAmount(2, 2048) };
        var fleet = Fleet([host], Cluster("a", 1, Machine(1, 2048)));

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1", cpus: 4, memoryMiB: 3072)], []);

        Assert.Equal("sled-1: needs 2048 MiB, 1024 MiB free", Assert.Single(Assert.Single(plan.Unplaced).Rejections).ToString());
    }

    [Fact]
    public void Plan_RequireHeadroomWithSpareHost_Admitted()
    {
        var fleet = Fleet([Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3"), Kvm("sled-4")], Cluster("a") with { RequireHeadroom = true });

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1"), Capacity("sled-2"), Capacity("sled-3"), Capacity("sled-4")], []);

        Assert.Equal(ClusterScheduleState.Placed, Assert.Single(plan.Clusters).State);
        Assert.True(plan.Headroom.SurvivesAnyHostFailure);
        Assert.Equal(["a-cp-0 -> sled-4"], plan.Headroom.Hosts.Single(h => h.Host == "sled-1").Details);
    }

    [Fact]
    public void Plan_ExistingClusterLosesHeadroom_DegradedNotEvicted()
    {
        var fleet = Fleet([Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3")], Cluster("a") with { RequireHeadroom = true });
        Placement[] current = [.. Enumerable.Range(0, 3).Select(i => new Placement("a", $"a-cp-{i}", NodeRole.ControlPlane, null, $"sled-{i + 1}"))];

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1"), Capacity("sled-2"), Capacity("sled-3")], current);

        var status = Assert.Single(plan.Clusters);
        Assert.Equal(ClusterScheduleState.Degraded, status.State);
        Assert.StartsWith("no failover headroom: if sled-1 failed, a-cp-0 could not be re-placed", Assert.Single(status.Reasons), StringComparison.Ordinal);
        Assert.All(plan.Placements, p => Assert.Equal(PlacementChange.Kept, p.Change));
    }

    [Fact]
    public void Plan_PoolLargerThanHosts_SpreadsEvenly()
    {
        var fleet = Fleet([Kvm("sled-1"), Kvm("sled-2"), Kvm("sled-3")], Cluster("a", 1, null, Pool("vm", 6)));

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1"), Capacity("sled-2"), Capacity("sled-3")], []);

        var perHost = plan.Placements.Where(p => p.Placement.Pool == "vm").GroupBy(p => p.Placement.Host).Select(g => g.Count());
        Assert.Equal([2, 2, 2], perHost);
    }

    [Fact]
    public void Plan_ScaledDownAndDeleted_ReleasesWithReasons()
    {
        var fleet = Fleet([Kvm("sled-1")], Cluster("a", 1, null, Pool("vm", 1)));
        Placement[] current =
        [
            new("a", "a-vm-1", NodeRole.Worker, "vm", "sled-1"),
            new("old", "old-cp-0", NodeRole.ControlPlane, null, "sled-1"),
            new("a", "a-cp-0", NodeRole.ControlPlane, null, "sled-9"),
        ];

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1")], current);

        Assert.Equal(
        [
            "a-cp-0@sled-9: host sled-9 is no longer declared",
            "old-cp-0@sled-1: cluster old is no longer declared",
            "a-vm-1@sled-1: cluster a no longer asks for node a-vm-1",
        ], plan.Released.Select(r => $"{r.Placement.Node}@{r.Placement.Host}: {r.Reason}"));
        Assert.Equal(PlacementChange.Moved, plan.Placements.Single(p => p.Placement.Node == "a-cp-0").Change);
    }

    [Fact]
    public void Plan_HostShrank_WorkersGiveWayToControlPlane()
    {
        var fleet = Fleet([Kvm("sled-1"), Kvm("sled-2")], Cluster("a", 1, Machine(1, 1024), Pool("vm", 1, Machine(1, 1024))));
        Placement[] current = [new("a", "a-cp-0", NodeRole.ControlPlane, null, "sled-1"), new("a", "a-vm-0", NodeRole.Worker, "vm", "sled-1")];

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1", memoryMiB: 1024), Capacity("sled-2")], current);

        Assert.Equal(new Dictionary<string, string> { ["a-cp-0"] = "sled-1", ["a-vm-0"] = "sled-2" }, Hosts(plan));
        Assert.Equal("host sled-1 no longer has room: needs 1024 MiB, 0 MiB free", Assert.Single(plan.Released).Reason);
    }

    [Fact]
    public void Plan_UnreportedAndMaintenanceHosts_KeepWhatRunsTakeNothingNew()
    {
        var fleet = Fleet([Kvm("sled-1"), Kvm("sled-2") with { Maintenance = true }], Cluster("a", 1, null, Pool("vm", 2)));
        Placement[] current = [new("a", "a-cp-0", NodeRole.ControlPlane, null, "sled-1")];

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-2")], current);

        Assert.Equal(new Dictionary<string, string> { ["a-cp-0"] = "sled-1" }, Hosts(plan));
        Assert.Equal(
            ["sled-1: no capacity reported by its agent yet", "sled-2: in maintenance"],
            plan.Unplaced[0].Rejections.Select(r => r.ToString()));
        Assert.Equal(ClusterScheduleState.Degraded, Assert.Single(plan.Clusters).State);
    }

    [Fact]
    public void Plan_ControlPlanesOnSameFailureDomain_OneMoves()
    {
        var fleet = Fleet([Kvm("sled-1", "rack-1"), Kvm("sled-2", "rack-1"), Kvm("sled-3", "rack-2")], Cluster("a", 1) with { });
        var three = Cluster("b", 3);
        fleet = fleet with { Clusters = [three], Hosts = [.. fleet.Hosts, Kvm("sled-4", "rack-3")] };
        Placement[] current =
        [
            new("b", "b-cp-0", NodeRole.ControlPlane, null, "sled-1"),
            new("b", "b-cp-1", NodeRole.ControlPlane, null, "sled-2"),
            new("b", "b-cp-2", NodeRole.ControlPlane, null, "sled-3"),
        ];

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1"), Capacity("sled-2"), Capacity("sled-3"), Capacity("sled-4")], current);

        Assert.Equal("sled-4", Hosts(plan)["b-cp-1"]);
        Assert.Equal(
            "control-plane nodes must be on distinct failure domains: failure domain rack-1 already holds b control-plane node b-cp-0 (on sled-1)",
            Assert.Single(plan.Released).Reason);
    }

    [Fact]
    public void Plan_MetalPoolShort_DegradedWithEveryHostsNo()
    {
        var pool = new WorkerPool { Name = "metal", Replicas = 2, Metal = new MetalPool { HostSelector = new Dictionary<string, string> { ["nic"] = "sriov" } } };
        var fleet = Fleet([Kvm("sled-1"), Metal("metal-1", ("nic", "sriov")), Metal("metal-2", ("nic", "plain"))], Cluster("a", 1, null, pool));

        var plan = FleetScheduler.Plan(fleet, [Capacity("sled-1")], []);

        Assert.Equal("metal-1", Hosts(plan)["a-metal-0"]);
        Assert.Equal(
            ["metal-1: is already bare-metal node a-metal-0", "metal-2: labels do not match hostSelector {nic: sriov}", "sled-1: is a kvm host, not a bare-metal worker"],
            Assert.Single(plan.Unplaced).Rejections.Select(r => r.ToString()));
        Assert.Equal(["pool metal: 1 of 2 nodes cannot be placed"], Assert.Single(plan.Clusters).Reasons);
    }
}
