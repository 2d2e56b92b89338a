namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>What a host's agent reports it has (before the declared reservation), and whether it is reachable.</summary>
public sealed record HostCapacity(string Host, int Cpus, long MemoryMiB, HostHealth Health = HostHealth.Reachable);
