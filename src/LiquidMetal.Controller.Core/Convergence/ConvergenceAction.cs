namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>One step of convergence. Every action is idempotent, and any prefix of a plan leaves a state the next plan continues from.</summary>
public abstract record ConvergenceAction
{
    /// <summary>Why, for events and <c>lm plan</c>.</summary>
    public required string Reason { get; init; }
}
