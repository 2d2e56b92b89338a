using CsCheck;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Tests.Scheduling;

public class FleetSchedulerPropertyTests
{
    private const long Iterations = 2000;

    [Fact]
    public void Plan_RandomFleets_NeverBreaksAHardConstraintOrExceedsCapacity() =>
        Scenario.Any.Sample(s =>
        {
            var plan = FleetScheduler.Plan(s.Fleet, s.Capacities, s.Current);
            var violations = PlanConstraintChecker.Check(s.Fleet, s.Capacities, s.Current, plan);
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }, iter: Iterations);

    [Fact]
    public void Plan_SameInputsInAnyOrder_SamePlan() =>
        Scenario.Any.Sample(s =>
        {
            var first = PlanJson.Serialize(FleetScheduler.Plan(s.Fleet, s.Capacities, s.Current));
            var shuffled = FleetScheduler.Plan(
                s.Fleet with { Hosts = [.. s.Fleet.Hosts.Reverse()], Clusters = [.. s.Fleet.Clusters.Reverse()] },
                [.. s.Capacities.Reverse()],
                [.. s.Current.Reverse()]);
            Assert.Equal(first, PlanJson.Serialize(shuffled));
        }, iter: Iterations / 2);

    [Fact]
    public void Plan_FedBackItsOwnPlacements_ChangesNothing() =>
        Scenario.Any.Sample(s =>
        {
            var first = FleetScheduler.Plan(s.Fleet, s.Capacities, s.Current);
            var placements = first.Placements.Select(p => p.Placement).ToList();

            var second = FleetScheduler.Plan(s.Fleet, s.Capacities, placements);

            Assert.Equal(placements, second.Placements.Select(p => p.Placement));
            Assert.All(second.Placements, p => Assert.Equal(PlacementChange.Kept, p.Change));
            Assert.Empty(second.Released);
            Assert.Equal(first.Clusters.Select(c => (c.Cluster, c.State)), second.Clusters.Select(c => (c.Cluster, c.State)));
        }, iter: Iterations);
}
