using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;
using static LiquidMetal.Controller.Core.Tests.TestFleets;

namespace LiquidMetal.Controller.Core.Tests.Scheduling;

/// <summary>The checker the properties and the benchmark trust must itself catch broken plans.</summary>
public class PlanConstraintCheckerTests
{
    private static readonly Fleet TwoHosts = Fleet([Kvm("sled-1"), Kvm("sled-2") with { Cordoned = true }], Cluster("a", 3, Machine(2, 4096)));
    private static readonly HostCapacity[] Capacities = [new("sled-1", 4, 8192), new("sled-2", 4, 8192)];

    private static SchedulePlan PlanOf(params (string Node, string Host)[] placements) => new(
        [.. placements.Select(p => new NodePlacement(new Placement("a", p.Node, NodeRole.ControlPlane, null, p.Host), PlacementChange.New, ""))],
        [], [], [], new HeadroomReport([], []));

    [Fact]
    public void Check_BrokenPlan_ReportsEveryViolation()
    {
        var violations = PlanConstraintChecker.Check(TwoHosts, Capacities, [], PlanOf(("a-cp-0", "sled-1"), ("a-cp-1", "sled-1"), ("a-cp-2", "sled-1"), ("a-cp-2", "sled-2")));

        Assert.Contains("a/a-cp-1 on sled-1: shares a host or failure domain with another control-plane node of a", violations);
        Assert.Contains("a/a-cp-2 on sled-2: placed twice", violations);
        Assert.Contains("a/a-cp-2 on sled-2: new node on a cordoned or maintenance host", violations);
        Assert.Contains("sled-1: over capacity in vCPUs: 6 guaranteed + 0 shared of 4 × 1", violations);
    }

    [Fact]
    public void Check_MissingNode_Reported() =>
        Assert.Contains("a/a-cp-2: neither placed nor unplaced", PlanConstraintChecker.Check(TwoHosts, Capacities, [], PlanOf(("a-cp-0", "sled-1"))));
}
