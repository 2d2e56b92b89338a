namespace LiquidMetal.Controller.Core.Model;

public sealed record MachineKernel
{
    public required string Image { get; init; }
    public string? Filename { get; init; }
    public IReadOnlyDictionary<string, string> Cmdline { get; init; } = FleetApi.NoLabels;
}
