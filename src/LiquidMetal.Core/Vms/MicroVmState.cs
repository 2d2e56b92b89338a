namespace LiquidMetal.Core.Vms;

/// <summary>Flintlock's states. Unlike flintlock, Created means the guest has booted, not just that the VMM started.</summary>
public enum MicroVmState
{
    Pending = 0,
    Created = 1,
    Failed = 2,
    Deleting = 3,
}
