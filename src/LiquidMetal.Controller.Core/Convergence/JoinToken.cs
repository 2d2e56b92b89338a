using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// The join token for a node created now (<see cref="JoinTokenRegistrations.ForJoinAsync"/>), or why there is none:
/// a fresh token that could not be registered in the cluster (<see cref="Problem"/>; the node's VM must not be created).
/// </summary>
public sealed record JoinToken(BootstrapToken Token, JoinTokenChoice Choice, string? Problem)
{
    public bool IsUsable => Problem is null;
}
