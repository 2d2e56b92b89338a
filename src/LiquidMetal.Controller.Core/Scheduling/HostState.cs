using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>
/// One host's capacity and use during planning. Guaranteed use (control-plane nodes without overcommit) must be
/// backed by real capacity; shared use gets what is left times the overcommit ratio:
/// <c>guaranteed × ratio + shared ≤ allocatable × ratio</c> and <c>guaranteed ≤ allocatable</c>, in CPUs and MiB.
/// Ratios are kept in thousandths so every check is exact integer arithmetic.
/// </summary>
internal sealed class HostState
{
    public HostState(int index, Host host, int domain, HostCapacity? capacity)
    {
        Index = index;
        Host = host;
        Domain = domain;
        Reported = capacity is not null;
        Failed = capacity?.Health == HostHealth.Failed;
        AllocatableCpus = Math.Max(0, (capacity?.Cpus ?? 0) - (long)host.Reserved.Cpus);
        AllocatableMemoryMiB = Math.Max(0, (capacity?.MemoryMiB ?? 0) - host.Reserved.MemoryMiB);
        CpuRatio = ToThousandths(host.Overcommit.Cpu);
        MemoryRatio = ToThousandths(host.Overcommit.Memory);
    }

    public int Index { get; }
    public Host Host { get; }
    public string Name => Host.Name;
    public int Domain { get; }
    public bool Reported { get; }
    public bool Failed { get; }
    public long AllocatableCpus { get; }
    public long AllocatableMemoryMiB { get; }
    public long CpuRatio { get; }
    public long MemoryRatio { get; }
    public long GuaranteedCpus { get; private set; }
    public long GuaranteedMemoryMiB { get; private set; }
    public long SharedCpus { get; private set; }
    public long SharedMemoryMiB { get; private set; }

    /// <summary>The bare-metal node this (metal) host is, if any.</summary>
    public NodeWork? MetalNode { get; set; }

    /// <summary>Why the host takes nothing new, or null when it does.</summary>
    public string? Unavailable =>
        Failed ? "failed (its agent is unreachable)"
        : Host.Maintenance ? "in maintenance"
        : Host.Cordoned ? "cordoned"
        : Host.Role == HostRole.Kvm && !Reported ? "no capacity reported by its agent yet"
        : null;

    public long FreeCpus(bool overcommit) => Free(AllocatableCpus, GuaranteedCpus, SharedCpus, CpuRatio, overcommit);

    public long FreeMemoryMiB(bool overcommit) => Free(AllocatableMemoryMiB, GuaranteedMemoryMiB, SharedMemoryMiB, MemoryRatio, overcommit);

    public bool Fits(NodeWork node) =>
        FreeCpus(node.Overcommit) >= node.Cpus && FreeMemoryMiB(node.Overcommit) >= node.MemoryMiB;

    public void Add(NodeWork node, int sign)
    {
        if (node.Overcommit)
        {
            SharedCpus += sign * node.Cpus;
            SharedMemoryMiB += sign * node.MemoryMiB;
        }
        else
        {
            GuaranteedCpus += sign * node.Cpus;
            GuaranteedMemoryMiB += sign * node.MemoryMiB;
        }
    }

    private static long Free(long allocatable, long guaranteed, long shared, long ratio, bool overcommit) =>
        overcommit
            ? ((allocatable - guaranteed) * ratio / 1000) - shared
            : allocatable - guaranteed - (((shared * 1000) + ratio - 1) / ratio);

    private static long ToThousandths(double ratio) => Math.Max(1000, (long)Math.Round(ratio * 1000));
}
