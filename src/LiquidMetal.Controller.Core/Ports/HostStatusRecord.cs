namespace LiquidMetal.Controller.Core.Ports;

/// <summary>What the controller last knew of a kvm host's agent.</summary>
/// <param name="UnreachableSince">Start of the current outage; null while the agent answers.</param>
/// <param name="FailedSince">When the host was marked failed (unreachable past the grace period); null otherwise.</param>
/// <param name="Cpus">Last capacity reported; null when the agent never answered.</param>
/// <param name="LastError">Why the last call failed, for <c>lm get hosts</c>.</param>
public sealed record HostStatusRecord(
    string Host,
    bool Reachable,
    DateTimeOffset? UnreachableSince,
    DateTimeOffset? FailedSince,
    int? Cpus,
    long? MemoryMiB,
    DateTimeOffset? LastSeen,
    string? LastError);
