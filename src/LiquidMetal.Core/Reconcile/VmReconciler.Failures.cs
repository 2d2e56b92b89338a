using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Reconcile;

public sealed partial class VmReconciler
{
    /// <summary>Maps what a step threw to how the VM should show it and whether retries are bounded.</summary>
    private static ReconcileFailureException Classify(Exception ex) => ex switch
    {
        ReconcileFailureException failure => failure,
        ImageException { IsTransient: true } => new ReconcileFailureException(FailureKind.Transient, ex.Message, inner: ex),
        ImageException or SeedException => new ReconcileFailureException(FailureKind.Permanent, ex.Message, inner: ex),
        NetworkException { IsPrecondition: true } => new ReconcileFailureException(FailureKind.Permanent, ex.Message, inner: ex),
        VmmStartException start => new ReconcileFailureException(FailureKind.Permanent, start.Message, start.Output, ex),
        _ => new ReconcileFailureException(FailureKind.Transient, $"{ex.GetType().Name}: {ex.Message}", inner: ex),
    };

    private async Task<ReconcileResult> RecordFailureAsync(MicroVm vm, ReconcileFailureException failure, CancellationToken cancellationToken)
    {
        var attempts = vm.Status.Attempts + 1;
        var bounded = failure.Kind != FailureKind.Transient;
        var giveUp = bounded && attempts >= _options.MaxAttempts;
        var delay = _backoff.Delay(attempts);
        var state = failure.Kind switch
        {
            FailureKind.Permanent => MicroVmState.Failed,
            _ when giveUp => MicroVmState.Failed,
            _ => vm.Status.State == MicroVmState.Failed ? MicroVmState.Failed : MicroVmState.Pending,
        };
        var next = giveUp ? (DateTimeOffset?)null : _time.GetUtcNow() + delay;
        var reason = giveUp
            ? $"{failure.Message} (gave up after {attempts} attempts; delete the VM and create it again once the cause is fixed)"
            : $"{failure.Message} (attempt {attempts}; retrying in {delay.TotalSeconds:0.#}s)";

        if (failure.Kind == FailureKind.Transient)
        {
            LogTransientFailure(failure.InnerException ?? failure, attempts);
        }
        else
        {
            LogFailure(reason);
        }

        await SaveAsync(vm, vm.Status with
        {
            State = state,
            Reason = reason,
            ConsoleTail = failure.ConsoleTail.Count > 0 ? failure.ConsoleTail : vm.Status.ConsoleTail,
            Attempts = attempts,
            NextAttemptAt = next,
            VmmPid = null,
            BootStartedAt = null,
        }, cancellationToken).ConfigureAwait(false);
        return giveUp ? ReconcileResult.Done : ReconcileResult.After(delay);
    }
}
