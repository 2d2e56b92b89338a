namespace LiquidMetal.Agent.Linux.Host;

/// <summary>The /proc/meminfo fields the agent uses, in bytes.</summary>
public sealed record MemoryInfo(long TotalBytes, long? AvailableBytes);
