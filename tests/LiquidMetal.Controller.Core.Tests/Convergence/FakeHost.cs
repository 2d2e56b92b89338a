using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

/// <summary>One fake agent's host: its VMs and whether it answers.</summary>
internal sealed class FakeHost
{
    public bool Reachable { get; set; } = true;
    public DateTimeOffset? UnreachableSince { get; set; }
    public bool RecordedFailed { get; set; }
    public int? Cpus { get; set; }
    public long? MemoryMiB { get; set; }
    public List<MicroVm> Vms { get; } = [];
}
