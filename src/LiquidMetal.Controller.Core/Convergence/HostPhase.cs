namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>A kvm host's state for one round.</summary>
internal enum HostPhase
{
    Reachable,

    /// <summary>Unreachable, still within the grace period: its VMs are presumed running, nothing is changed there.</summary>
    Unreachable,

    /// <summary>Unreachable past the grace period: its nodes are re-placed.</summary>
    Failed,

    /// <summary>Never answered and not yet failed: takes nothing.</summary>
    Unknown,
}
