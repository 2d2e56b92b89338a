using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Ports;

/// <summary>A VM's failure details and timings, beyond its flintlock status.</summary>
/// <param name="Reason">Why the VM is failed, or why the last attempt did not succeed; null when all is well.</param>
/// <param name="ConsoleTail">The last console lines when the guest failed to boot or died.</param>
/// <param name="Revision">The agent's store revision when the details were read.</param>
public sealed record MicroVmDetails(
    string Uid,
    string Namespace,
    string Id,
    MicroVmState State,
    string? Reason,
    IReadOnlyList<string> ConsoleTail,
    int Attempts,
    string? Provider,
    int? VmmPid,
    DateTimeOffset? LastTransition,
    TimeSpan? BootDuration,
    DateTimeOffset? NextAttemptAt,
    long Revision);
