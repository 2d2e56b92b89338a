namespace LiquidMetal.Agent.Images;

/// <summary>An artifacts row with its reference count; times in Unix milliseconds.</summary>
internal sealed record ArtifactRow(ArtifactKey Key, string FileName, long SizeBytes, long CreatedAt, long LastUsed, int RefCount);
