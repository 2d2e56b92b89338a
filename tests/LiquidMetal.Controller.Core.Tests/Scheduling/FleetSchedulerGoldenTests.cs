using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Tests.Scheduling;

/// <summary>Each case in testdata/ is planned and compared with its expected.json (LM_UPDATE_GOLDEN=1 rewrites them).</summary>
public class FleetSchedulerGoldenTests
{
    public static TheoryData<string> Cases() => [.. GoldenCase.Names()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_GoldenCase_MatchesExpected(string name)
    {
        var golden = GoldenCase.Load(name);

        var plan = FleetScheduler.Plan(golden.Fleet, golden.Capacities, golden.Current);

        var actual = PlanJson.Serialize(plan);
        if (Environment.GetEnvironmentVariable("LM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden.ExpectedPath, actual);
        }

        Assert.True(File.Exists(golden.ExpectedPath), $"{golden.ExpectedPath} is missing; run with LM_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(golden.ExpectedPath).ReplaceLineEndings("\n"), actual);
        Assert.Empty(PlanConstraintChecker.Check(golden.Fleet, golden.Capacities, golden.Current, plan));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_GoldenCaseFedBack_KeepsEveryPlacement(string name)
    {
        var golden = GoldenCase.Load(name);
        var first = FleetScheduler.Plan(golden.Fleet, golden.Capacities, golden.Current);

        var second = FleetScheduler.Plan(golden.Fleet, golden.Capacities, [.. first.Placements.Select(p => p.Placement)]);

        Assert.Equal(first.Placements.Select(p => p.Placement), second.Placements.Select(p => p.Placement));
        Assert.All(second.Placements, p => Assert.Equal(PlacementChange.Kept, p.Change));
        Assert.Empty(second.Released);
        Assert.Equal(first.Unplaced.Select(u => u.Node), second.Unplaced.Select(u => u.Node));
    }
}
