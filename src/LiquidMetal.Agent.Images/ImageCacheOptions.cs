namespace LiquidMetal.Agent.Images;

/// <summary>Where the cache lives. One agent process owns it at a time (a lock file says so).</summary>
public sealed record ImageCacheOptions
{
    /// <summary>The cache's directory: <c>cache.db</c>, <c>artifacts/</c>, <c>work/</c> (scratch, emptied on open).</summary>
    public required string Directory { get; init; }

    /// <summary>How long a database call waits for a lock.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
