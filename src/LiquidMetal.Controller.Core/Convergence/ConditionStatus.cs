namespace LiquidMetal.Controller.Core.Convergence;

public enum ConditionStatus
{
    True,
    False,
    Unknown,
}
