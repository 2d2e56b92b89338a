using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Storage;

public enum VmChangeType
{
    Added = 0,
    Modified = 1,
    Deleted = 2,
}

/// <summary>One entry of the store's change log; Vm is the state after the change (the last state for Deleted).</summary>
public sealed record VmChange(long Revision, VmChangeType Type, MicroVm Vm);
