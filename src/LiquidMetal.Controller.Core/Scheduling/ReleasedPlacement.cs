namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>A current placement the plan does not keep (node gone, host failed or gone, constraint broken).</summary>
public sealed record ReleasedPlacement(Placement Placement, string Reason);
