namespace LiquidMetal.Core.Reconcile;

/// <summary>Why an attempt failed; decides the state shown and whether retries are bounded.</summary>
public enum FailureKind
{
    /// <summary>Something that may pass on its own (I/O, a busy host): PENDING, retried without bound.</summary>
    Transient = 0,

    /// <summary>The guest or its inputs are broken (kernel, init, image, seed): FAILED, bounded retries.</summary>
    Permanent = 1,

    /// <summary>A running guest stopped: PENDING while restarting, bounded retries.</summary>
    GuestDied = 2,
}
