using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Cli.Output;
using VmState = LiquidMetal.Api.Flintlock.Types.MicroVMStatus.Types.MicroVMState;

namespace LiquidMetal.Cli.Waiting;

/// <summary>What was last seen of a VM while waiting: the VM and its details (either may be missing), or that it is gone.</summary>
internal sealed record VmObservation(MicroVM? Vm, MicroVMDetails? Details, bool IsGone = false)
{
    public static VmObservation Gone { get; } = new(null, null, IsGone: true);

    public VmState State => Vm?.Status?.State ?? Details?.State ?? VmState.Pending;

    /// <summary>Create is done when the VM is CREATED or FAILED.</summary>
    /// <summary>Ready, or failed for good: a FAILED VM with another attempt scheduled is still in progress.</summary>
    public bool IsSettled => !IsGone && (State is VmState.Created || (State is VmState.Failed && Details?.NextAttemptAt is null));

    public int Attempts => Details is { Attempts: > 0 } details ? details.Attempts : Vm?.Status?.Retry ?? 0;

    public string? Reason => string.IsNullOrWhiteSpace(Details?.Reason) ? null : Details.Reason;

    /// <summary>"PENDING, attempt 2: pulling rootfs.ext4", or "gone".</summary>
    public string Describe()
    {
        if (IsGone)
        {
            return "gone";
        }

        var text = TableRenderer.StateName(State);
        if (Attempts > 0)
        {
            text += $", attempt {Attempts}";
        }

        return Reason is null ? text : $"{text}: {Reason.ReplaceLineEndings(" ")}";
    }
}
