namespace LiquidMetal.Controller.Core.Convergence;

public enum EventSeverity
{
    Normal,
    Warning,
}
