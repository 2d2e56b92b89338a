namespace LiquidMetal.Core.Vms;

/// <summary>Observed state of a microVM, computed by the reconciler.</summary>
public sealed record MicroVmStatus
{
    public MicroVmState State { get; init; } = MicroVmState.Pending;

    /// <summary>Why the VM is failed or not ready yet; null when all is well.</summary>
    public string? Reason { get; init; }

    /// <summary>Last console lines when a guest failed to boot or died.</summary>
    public IReadOnlyList<string> ConsoleTail { get; init => field = value ?? []; } = [];

    /// <summary>Failed attempts since the last success (flintlock's retry).</summary>
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? LastTransition { get; init; }

    public string? Provider { get; init; }
    public int? VmmPid { get; init; }

    /// <summary>When the current VMM process was started; the boot deadline counts from here.</summary>
    public DateTimeOffset? BootStartedAt { get; init; }
    public TimeSpan? BootDuration { get; init; }

    public MountStatus? KernelMount { get; init; }
    public MountStatus? InitrdMount { get; init; }
    public IReadOnlyDictionary<string, MountStatus> Volumes { get; init => field = value ?? new SortedDictionary<string, MountStatus>(StringComparer.Ordinal); } = new SortedDictionary<string, MountStatus>(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, InterfaceStatus> NetworkInterfaces { get; init => field = value ?? new SortedDictionary<string, InterfaceStatus>(StringComparer.Ordinal); } = new SortedDictionary<string, InterfaceStatus>(StringComparer.Ordinal);
}
