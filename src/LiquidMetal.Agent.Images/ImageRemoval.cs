namespace LiquidMetal.Agent.Images;

/// <summary>What removing an image did: whether it was here, the artifacts removed, whether a VM still uses one, blob bytes freed.</summary>
public sealed record ImageRemoval(bool Found, IReadOnlyList<CachedArtifactInfo> Removed, bool InUse, long FreedBlobBytes);
