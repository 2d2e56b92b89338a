namespace LiquidMetal.Controller.Core.Ports;

/// <summary>An amount of vCPUs and memory.</summary>
public sealed record ResourceAllocation(int Vcpus, long MemoryMiB);
