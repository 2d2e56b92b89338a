namespace LiquidMetal.Core.Vms;

public enum MountType
{
    Dev = 0,
    HostPath = 1,
}

/// <summary>Where a kernel, initrd or volume came from on the host.</summary>
public sealed record MountStatus(MountType Type, string Source);
