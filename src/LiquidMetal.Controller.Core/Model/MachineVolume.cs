namespace LiquidMetal.Controller.Core.Model;

/// <summary>A disk built from an image. The root volume's id is always <c>root</c>.</summary>
public sealed record MachineVolume
{
    /// <summary>Required for additional volumes; ignored for the root volume.</summary>
    public string? Id { get; init; }
    public required string Image { get; init; }
    public int? SizeMiB { get; init; }
    public string? MountPoint { get; init; }
    public bool ReadOnly { get; init; }
}
