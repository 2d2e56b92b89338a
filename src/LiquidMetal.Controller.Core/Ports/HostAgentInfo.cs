namespace LiquidMetal.Controller.Core.Ports;

/// <summary>A host's capacity and inventory as its agent reports it.</summary>
/// <param name="Acceleration">"kvm" (hardware virtualisation) or "tcg" (software emulation) for the default provider.</param>
/// <param name="Allocated">What the agent's VMs (not being deleted) ask for.</param>
/// <param name="Free">Host capacity minus <paramref name="Allocated"/> (before any reservation or overcommit).</param>
public sealed record HostAgentInfo(
    string Hostname,
    string AgentVersion,
    int Cpus,
    long MemoryMiB,
    long DiskTotalMiB,
    long DiskFreeMiB,
    string Acceleration,
    IReadOnlyList<VmmProviderInfo> Providers,
    string DefaultProvider,
    ResourceAllocation Allocated,
    ResourceAllocation Free,
    int VmCount,
    DateTimeOffset? StartedAt)
{
    public bool HasKvm => string.Equals(Acceleration, "kvm", StringComparison.Ordinal);
}
