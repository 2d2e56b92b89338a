namespace LiquidMetal.Controller.Core.Model;

/// <summary>What one microVM node looks like: size, kernel, disks, interfaces.</summary>
public sealed record MachineSpec
{
    public required int Vcpus { get; init; }
    public required int MemoryMiB { get; init; }
    public required MachineKernel Kernel { get; init; }
    public MachineImage? Initrd { get; init; }
    public required MachineVolume RootVolume { get; init; }
    public IReadOnlyList<MachineVolume> AdditionalVolumes { get; init; } = [];
    public IReadOnlyList<MachineInterface> Interfaces { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = FleetApi.NoLabels;
}
