namespace LiquidMetal.Agent.Images;

/// <summary>One cache entry as <c>lm image list</c> shows it.</summary>
/// <param name="RefCount">How many VMs hold it.</param>
public sealed record CachedArtifactInfo(
    ArtifactKey Key, string Path, long SizeOnDiskBytes, int RefCount, DateTimeOffset CreatedAt, DateTimeOffset LastUsed);
