namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>Why one host said no to a node, e.g. <c>sled-2: needs 4096 MiB, 2048 MiB free</c>.</summary>
public sealed record HostRejection(string Host, string Reason)
{
    public override string ToString() => $"{Host}: {Reason}";
}
