namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Record that the host's agent has been unreachable past the grace period; its nodes are re-placed.</summary>
public sealed record MarkHostFailedAction(string Host) : ConvergenceAction;
