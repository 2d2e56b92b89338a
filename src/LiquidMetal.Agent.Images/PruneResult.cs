namespace LiquidMetal.Agent.Images;

/// <summary>What a prune removed and what the cache holds after it.</summary>
public sealed record PruneResult(IReadOnlyList<ArtifactKey> Removed, long FreedBytes, long RemainingBytes);
