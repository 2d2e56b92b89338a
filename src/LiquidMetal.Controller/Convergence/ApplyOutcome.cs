namespace LiquidMetal.Controller.Convergence;

/// <summary>The result of applying a desired state: stored (with its generation), unchanged, or refused with every error.</summary>
internal sealed record ApplyOutcome(bool Accepted, bool Changed, long Generation, string Revision, IReadOnlyList<string> Errors);
