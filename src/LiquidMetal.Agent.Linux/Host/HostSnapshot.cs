namespace LiquidMetal.Agent.Linux.Host;

/// <summary>What this host has, for capacity and inventory.</summary>
/// <param name="CpuCount">Online CPUs (/sys/devices/system/cpu/online), not limited by the agent's own affinity.</param>
/// <param name="MemoryAvailableBytes">MemAvailable from /proc/meminfo; null on kernels that do not report it.</param>
/// <param name="DiskTotalBytes">Size of the file system holding the state directory.</param>
/// <param name="DiskFreeBytes">Space on it that the agent may still use.</param>
public sealed record HostSnapshot(
    string Hostname,
    string KernelRelease,
    int CpuCount,
    long MemoryTotalBytes,
    long? MemoryAvailableBytes,
    long DiskTotalBytes,
    long DiskFreeBytes);
