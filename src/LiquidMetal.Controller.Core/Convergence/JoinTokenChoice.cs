namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Which join token a node created now gets (<see cref="JoinTokenWindows.Choose"/>): the cluster's init token
/// (<see cref="Window"/> null; the init node registered it) or the fresh token of an issue window, which the controller
/// must register in the cluster before the node's VM is created.
/// </summary>
/// <param name="Window">The issue window's index (0, 1, ...), or null for the init token.</param>
/// <param name="Expires">When the token expires in the cluster: the init token's ttl end, or a window's end plus the margin.</param>
public sealed record JoinTokenChoice(long? Window, DateTimeOffset Expires)
{
    /// <summary>A fresh token: it exists in the cluster only once the controller registered it.</summary>
    public bool IsFresh => Window is not null;
}
