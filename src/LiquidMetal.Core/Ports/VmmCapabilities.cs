namespace LiquidMetal.Core.Ports;

/// <summary>What a VMM can do, so plans adapt to the driver instead of branching on its name.</summary>
[Flags]
public enum VmmCapabilities
{
    None = 0,
    Initrd = 1 << 0,
    Tap = 1 << 1,
    Macvtap = 1 << 2,
    Qcow2Disks = 1 << 3,
    ReadOnlyDisks = 1 << 4,
    AcpiShutdown = 1 << 5,
    Pause = 1 << 6,
    Snapshot = 1 << 7,
    Virtiofs = 1 << 8,
    SoftwareEmulation = 1 << 9,
}
