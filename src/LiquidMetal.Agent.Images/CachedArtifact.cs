namespace LiquidMetal.Agent.Images;

/// <summary>An artifact present in the cache. <paramref name="Path"/> is read-only for everyone: VMs get overlays on it.</summary>
/// <param name="SizeOnDiskBytes">Bytes allocated on the host (volumes are sparse).</param>
public sealed record CachedArtifact(ArtifactKey Key, string Path, long SizeOnDiskBytes);
