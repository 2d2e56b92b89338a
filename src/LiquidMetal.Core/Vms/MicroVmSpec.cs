namespace LiquidMetal.Core.Vms;

/// <summary>Desired state of a microVM, as the client asked for it (after defaults). Immutable once stored.</summary>
public sealed record MicroVmSpec
{
    public required string Id { get; init; }
    public string Namespace { get; init; } = MicroVmDefaults.Namespace;
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    public int Vcpu { get; init; } = MicroVmDefaults.Vcpu;
    public int MemoryMiB { get; init; } = MicroVmDefaults.MemoryMiB;
    public required KernelSpec Kernel { get; init; }
    public InitrdSpec? Initrd { get; init; }
    public VolumeSpec? RootVolume { get; init; }
    public IReadOnlyList<VolumeSpec> AdditionalVolumes { get; init; } = [];
    public IReadOnlyList<NetworkInterfaceSpec> Interfaces { get; init; } = [];

    /// <summary>Cloud-init files by key (meta-data, user-data, vendor-data, network-config), base64 as on the wire.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>VMM provider name; null picks the host's default.</summary>
    public string? Provider { get; init; }
    public bool AllowGuestAgent { get; init; }

    /// <summary>Every volume with its role, root first: the order disks are attached in.</summary>
    public IEnumerable<VolumeSpec> AllVolumes()
    {
        if (RootVolume is not null)
        {
            yield return RootVolume;
        }

        foreach (var volume in AdditionalVolumes)
        {
            yield return volume;
        }
    }
}
