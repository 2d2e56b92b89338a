using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// One round's answer: the schedule, the ordered actions, every cluster's and machine's conditions, the events
/// to record, and what is still awaited (a host in its grace period, a VM being deleted, a node without a host).
/// </summary>
public sealed record ConvergencePlan(
    SchedulePlan Schedule,
    IReadOnlyList<ConvergenceAction> Actions,
    IReadOnlyList<ConditionSet> Conditions,
    IReadOnlyList<ConvergenceEvent> Events,
    IReadOnlyList<string> Waiting)
{
    /// <summary>Nothing to do and nothing awaited: the observed fleet matches the desired one.</summary>
    public bool IsConverged => Actions.Count == 0 && Waiting.Count == 0;

    /// <summary>Creates held back this round by <see cref="ConvergenceInput.MaxBooting"/> (each also in <see cref="Waiting"/>).</summary>
    public int CreatesWaitingToBoot { get; init; }

    /// <summary>VMs counted as booting this round: observed Pending plus this round's creates (when limited).</summary>
    public int Booting { get; init; }

    /// <summary>
    /// Every condition set is the one given as <see cref="ConvergenceInput.PreviousConditions"/> (the same instance),
    /// and none was dropped: there is nothing new to store. False does not mean something changed.
    /// </summary>
    public bool ConditionsUnchanged { get; init; }
}
