namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// What the controller knows of one kvm host this round. <see cref="Vms"/> is complete only when
/// <see cref="Reachable"/>; an unreachable host's VMs are unknown (they may still run).
/// </summary>
/// <param name="UnreachableSince">When the agent was first found unreachable in the current outage; null when reachable.</param>
/// <param name="RecordedFailed">The store already marks the host failed.</param>
/// <param name="Cpus">Last capacity the agent reported; null when it never did.</param>
public sealed record ObservedHost(
    string Host,
    bool Reachable,
    DateTimeOffset? UnreachableSince,
    bool RecordedFailed,
    int? Cpus,
    long? MemoryMiB,
    IReadOnlyList<ObservedVm> Vms);
