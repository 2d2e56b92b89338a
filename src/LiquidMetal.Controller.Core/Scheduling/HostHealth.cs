namespace LiquidMetal.Controller.Core.Scheduling;

public enum HostHealth
{
    Reachable,

    /// <summary>The agent has been unreachable past the grace period: the host's nodes must be re-placed.</summary>
    Failed,
}
