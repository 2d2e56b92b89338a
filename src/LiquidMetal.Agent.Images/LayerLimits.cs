namespace LiquidMetal.Agent.Images;

/// <summary>
/// Bounds on what the layers of one image may expand to, so a hostile image (a tar bomb) fails with
/// <see cref="ImagesErrorCode.LimitExceeded"/> instead of filling the host's disk. Counted over all layers together.
/// </summary>
public sealed record LayerLimits
{
    /// <summary>Safe defaults: 32 GiB of file data, 2 million entries, 8 GiB for one file.</summary>
    public static LayerLimits Default { get; } = new();

    /// <summary>Most bytes of file data (after decompression) over all layers.</summary>
    public long MaxTotalBytes { get; init; } = 32L << 30;

    /// <summary>Most tar entries over all layers (whiteouts and directories included).</summary>
    public long MaxEntries { get; init; } = 2_000_000;

    /// <summary>Largest single regular file.</summary>
    public long MaxFileBytes { get; init; } = 8L << 30;
}
