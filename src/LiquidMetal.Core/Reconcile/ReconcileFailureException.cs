namespace LiquidMetal.Core.Reconcile;

/// <summary>A step failed in a way the reconciler records on the VM.</summary>
public sealed class ReconcileFailureException : Exception
{
    public ReconcileFailureException() { }
    public ReconcileFailureException(string message) : base(message) { }
    public ReconcileFailureException(string message, Exception inner) : base(message, inner) { }

    public ReconcileFailureException(FailureKind kind, string message, IReadOnlyList<string>? consoleTail = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        ConsoleTail = consoleTail ?? [];
    }

    public FailureKind Kind { get; }
    public IReadOnlyList<string> ConsoleTail { get; } = [];
}
