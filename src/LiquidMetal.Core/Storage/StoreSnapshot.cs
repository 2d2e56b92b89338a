using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Storage;

public sealed record StoreSnapshot(IReadOnlyList<MicroVm> Vms, long Revision);
