namespace LiquidMetal.Controller.Core.Model;

/// <summary>A file taken from an image, e.g. the initrd.</summary>
public sealed record MachineImage
{
    public required string Image { get; init; }
    public string? Filename { get; init; }
}
