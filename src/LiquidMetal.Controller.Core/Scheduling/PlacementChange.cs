namespace LiquidMetal.Controller.Core.Scheduling;

public enum PlacementChange
{
    /// <summary>Already placed there and still allowed: stays put.</summary>
    Kept,

    /// <summary>Not placed before.</summary>
    New,

    /// <summary>Its previous placement had to go (failed host, broken constraint) and it lands elsewhere.</summary>
    Moved,
}
