namespace LiquidMetal.Core.Vms;

/// <summary>Desired state of a microVM, as the client asked for it (after defaults). Immutable once stored.</summary>
public sealed record MicroVmSpec
{
    public required string Id { get; init; }
    public string Namespace { get; init => field = value ?? MicroVmDefaults.Namespace; } = MicroVmDefaults.Namespace;
    public IReadOnlyDictionary<string, string> Labels { get; init => field = value ?? new SortedDictionary<string, string>(StringComparer.Ordinal); } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    public int Vcpu { get; init; } = MicroVmDefaults.Vcpu;
    public int MemoryMiB { get; init; } = MicroVmDefaults.MemoryMiB;
    public required KernelSpec Kernel { get; init; }
    public InitrdSpec? Initrd { get; init; }
    public VolumeSpec? RootVolume { get; init; }
    public IReadOnlyList<VolumeSpec> AdditionalVolumes { get; init => field = value ?? []; } = [];
    public IReadOnlyList<NetworkInterfaceSpec> Interfaces { get; init => field = value ?? []; } = [];

    /// <summary>Cloud-init files by key (meta-data, user-data, vendor-data, network-config), base64 as on the wire.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init => field = value ?? new SortedDictionary<string, string>(StringComparer.Ordinal); } = new SortedDictionary<string, string>(StringComparer.Ordinal);

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
