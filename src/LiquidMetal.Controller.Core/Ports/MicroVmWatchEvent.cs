using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Ports;

/// <summary>One change on an agent: the VM after it (for Deleted: as last stored), or no VM for a bookmark.</summary>
public sealed record MicroVmWatchEvent(MicroVmWatchEventKind Kind, long Revision, MicroVm? Vm);
