namespace LiquidMetal.Controller.Git;

/// <summary>Bounds on what a desired-state source reads, so a hostile or mistaken source cannot exhaust memory.</summary>
public sealed record ManifestLimits
{
    /// <summary>Most manifest files in one snapshot (default 5,000).</summary>
    public int MaxFiles { get; init; } = 5_000;

    /// <summary>Largest single manifest file (default 1 MiB).</summary>
    public long MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest sum of all manifest files (default 64 MiB).</summary>
    public long MaxTotalBytes { get; init; } = 64L * 1024 * 1024;
}
