namespace LiquidMetal.Controller.Core.Scheduling;

public enum ClusterScheduleState
{
    /// <summary>Every node placed with every constraint met.</summary>
    Placed,

    /// <summary>Running with a quorum, but with a trade-off or a missing node (the reasons say which).</summary>
    Degraded,

    /// <summary>No control-plane quorum can be placed, or admission refused.</summary>
    Unschedulable,
}
