namespace LiquidMetal.Controller.Core.Model;

/// <summary>A named, reusable <see cref="MachineSpec"/> referenced by control planes and worker pools.</summary>
public sealed record MachineTemplate : IFleetObject
{
    public string Kind => FleetApi.MachineTemplateKind;
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = FleetApi.NoLabels;
    public required MachineSpec Machine { get; init; }
}
