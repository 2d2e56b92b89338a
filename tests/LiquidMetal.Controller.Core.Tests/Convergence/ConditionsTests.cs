using LiquidMetal.Controller.Core.Convergence;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

public class ConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Fact]
    public void Merge_NothingChanged_KeepsThePreviousInstance()
    {
        var previous = new Condition(ConditionTypes.VmAvailable, ConditionStatus.True, "Running", "VM x on a is Created", T0, 3);

        var merged = Conditions.Merge([previous], [(ConditionTypes.VmAvailable, ConditionStatus.True, "Running", "VM x on a is Created")], T1, 3);

        Assert.Same(previous, Assert.Single(merged));
    }

    [Fact]
    public void Merge_SameStatusOtherMessageOrGeneration_NewConditionKeepingItsTransitionTime()
    {
        var previous = new Condition(ConditionTypes.VmAvailable, ConditionStatus.True, "Pending", "VM x on a is Pending", T0, 3);

        var message = Conditions.Merge([previous], [(ConditionTypes.VmAvailable, ConditionStatus.True, "Running", "VM x on a is Created")], T1, 3);
        var generation = Conditions.Merge([previous], [(ConditionTypes.VmAvailable, ConditionStatus.True, "Pending", "VM x on a is Pending")], T1, 4);

        Assert.Equal(new Condition(ConditionTypes.VmAvailable, ConditionStatus.True, "Running", "VM x on a is Created", T0, 3), Assert.Single(message));
        Assert.Equal(previous with { ObservedGeneration = 4 }, Assert.Single(generation));
    }

    [Fact]
    public void Merge_StatusChanged_TransitionTimeIsNow()
    {
        var previous = new Condition(ConditionTypes.VmAvailable, ConditionStatus.True, "Running", "m", T0, 3);

        var merged = Conditions.Merge([previous], [(ConditionTypes.VmAvailable, ConditionStatus.False, "Failed", "m")], T1, 3);

        Assert.Equal(T1, Assert.Single(merged).LastTransitionTime);
    }

    [Fact]
    public void AreUnchanged_SameTypesInOrderWithSameValues_True()
    {
        Condition[] previous =
        [
            new(ConditionTypes.Placed, ConditionStatus.True, "Kept", "on a: already placed here", T0, 3),
            new(ConditionTypes.VmAvailable, ConditionStatus.True, "Running", "VM x on a is Created", T0, 3),
        ];

        Assert.True(Conditions.AreUnchanged(previous,
            [(ConditionTypes.Placed, ConditionStatus.True, "Kept", "on a: already placed here"), (ConditionTypes.VmAvailable, ConditionStatus.True, "Running", "VM x on a is Created")], 3));
    }

    [Theory]
    [InlineData("Running", "VM x on a is Pending", 3, false)]
    [InlineData("Pending", "VM x on a is Created", 3, false)]
    [InlineData("Running", "VM x on a is Created", 4, false)]
    [InlineData("Running", "VM x on a is Created", 3, true)]
    public void AreUnchanged_ReasonMessageOrGenerationDiffers_False(string reason, string message, long generation, bool swapped)
    {
        Condition[] previous =
        [
            new(ConditionTypes.Placed, ConditionStatus.True, "Kept", "on a", T0, 3),
            new(ConditionTypes.VmAvailable, ConditionStatus.True, "Running", "VM x on a is Created", T0, 3),
        ];
        (string, ConditionStatus, string, string) placed = (ConditionTypes.Placed, ConditionStatus.True, "Kept", "on a");
        (string, ConditionStatus, string, string) available = (ConditionTypes.VmAvailable, ConditionStatus.True, reason, message);

        Assert.False(Conditions.AreUnchanged(previous, swapped ? [available, placed] : [placed, available], generation));
        Assert.False(Conditions.AreUnchanged(previous, [placed], 3));
    }
}
