namespace LiquidMetal.Core.Ports;

/// <summary>Everything a driver needs to start one VM, with host paths already resolved.</summary>
public sealed record VmLaunchSpec
{
    public required string Uid { get; init; }
    public required string StateDirectory { get; init; }
    public required int Vcpu { get; init; }
    public required int MemoryMiB { get; init; }
    public required string KernelPath { get; init; }
    public string? InitrdPath { get; init; }

    /// <summary>Kernel command line arguments in order; each is a validated token ("key" or "key=value").</summary>
    public required IReadOnlyList<string> KernelArgs { get; init; }

    /// <summary>Disks in attach order (the first is /dev/vda); the seed disk is last.</summary>
    public required IReadOnlyList<DiskAttachment> Disks { get; init; }
    public required IReadOnlyList<NicAttachment> Nics { get; init; }
    public required string ConsoleLogPath { get; init; }

    /// <summary>Network namespace the VM's NICs live in; null for the agent's own.</summary>
    public string? NetworkNamespace { get; init; }
}

public enum DiskFormat
{
    Raw = 0,
    Qcow2 = 1,
}

public sealed record DiskAttachment(string Id, string Path, DiskFormat Format, bool ReadOnly);

public enum NicKind
{
    Tap = 0,
    Macvtap = 1,
}

/// <param name="HostDevice">Tap name, or for macvtap the interface name (the driver opens /dev/tapINDEX).</param>
public sealed record NicAttachment(string DeviceId, NicKind Kind, string HostDevice, int HostIndex, string GuestMac);
