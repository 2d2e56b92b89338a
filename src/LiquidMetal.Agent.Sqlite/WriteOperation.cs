namespace LiquidMetal.Agent.Sqlite;

/// <summary>
/// A queued write. The writer thread starts it (unless its caller cancelled first), applies it to a
/// batch, and completes it once the batch's transaction has committed.
/// </summary>
internal abstract class WriteOperation
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Cancelled = 2;

    private int _phase;

    /// <summary>Claims the operation for the writer; false when its caller cancelled while it was queued.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _phase, Started, Queued) == Queued;

    /// <summary>
    /// Decides the outcome against the batch's state and stages its SQL. A rejection (a version conflict)
    /// is reported at once through <see cref="Fail"/> without touching the batch; an exception thrown from
    /// here fails the whole batch.
    /// </summary>
    public abstract void Apply(WriteBatch batch);

    /// <summary>Reports the outcome decided in <see cref="Apply"/>: the batch has committed.</summary>
    public abstract void Complete();

    /// <summary>Reports a failure: the operation was rejected, or its batch did not commit. The first outcome wins.</summary>
    public abstract void Fail(Exception exception);

    protected bool TryCancel() => Interlocked.CompareExchange(ref _phase, Cancelled, Queued) == Queued;
}
