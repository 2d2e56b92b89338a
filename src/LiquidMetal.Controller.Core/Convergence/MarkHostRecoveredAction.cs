namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Record that a failed host's agent answers again; its stale VMs are deleted by the same plan.</summary>
public sealed record MarkHostRecoveredAction(string Host) : ConvergenceAction;
