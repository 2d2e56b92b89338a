namespace LiquidMetal.Controller.Core.Model;

/// <summary>A Kubernetes taint's effect, spelled as in the Node API.</summary>
public enum TaintEffect
{
    NoSchedule,
    PreferNoSchedule,
    NoExecute,
}
