namespace LiquidMetal.Agent.Images;

/// <summary>Where a regular file's bytes are: the entry at <paramref name="Ordinal"/> in layer <paramref name="Layer"/>.</summary>
internal sealed record FileContent(int Layer, long Ordinal, long Size);
