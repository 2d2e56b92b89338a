using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Storage;

/// <summary>Result of a create: the stored VM and whether this call stored it (false: it existed).</summary>
public sealed record CreateOutcome(MicroVm Vm, bool Created);
