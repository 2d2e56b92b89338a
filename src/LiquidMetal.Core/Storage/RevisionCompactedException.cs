namespace LiquidMetal.Core.Storage;

/// <summary>A watch asked to resume from a revision older than the change log keeps.</summary>
public sealed class RevisionCompactedException : Exception
{
    public RevisionCompactedException() { }
    public RevisionCompactedException(string message) : base(message) { }
    public RevisionCompactedException(string message, Exception inner) : base(message, inner) { }
}
