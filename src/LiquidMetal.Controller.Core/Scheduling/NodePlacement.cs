namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>Where a node lands, whether that is a change, and why this host.</summary>
public sealed record NodePlacement(Placement Placement, PlacementChange Change, string Reason);
