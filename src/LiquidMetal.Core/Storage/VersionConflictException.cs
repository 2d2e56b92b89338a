namespace LiquidMetal.Core.Storage;

/// <summary>An optimistic-concurrency write lost: the VM changed (or vanished) since it was read.</summary>
public sealed class VersionConflictException : Exception
{
    public VersionConflictException() { }
    public VersionConflictException(string message) : base(message) { }
    public VersionConflictException(string message, Exception inner) : base(message, inner) { }
}
