namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>What the fault proxy does to one request instead of (or while) forwarding it.</summary>
public abstract record Fault
{
    /// <summary>Answer with this status and no body.</summary>
    public sealed record Status(int Code) : Fault;

    /// <summary>Accept the request and never answer.</summary>
    public sealed record Hang : Fault;

    /// <summary>Forward headers and the first <paramref name="Bytes"/> of the body, then go silent.</summary>
    public sealed record StallAfter(long Bytes) : Fault;
}
