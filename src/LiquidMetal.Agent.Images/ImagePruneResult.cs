namespace LiquidMetal.Agent.Images;

/// <summary>What a prune of the host's images removed and what remains (artifacts + blobs).</summary>
public sealed record ImagePruneResult(IReadOnlyList<ArtifactKey> Removed, long FreedArtifactBytes, long FreedBlobBytes, long RemainingBytes);
