namespace LiquidMetal.Core.Vms;

public sealed record InitrdSpec
{
    public required string Image { get; init; }
    public string? Filename { get; init; }
}
