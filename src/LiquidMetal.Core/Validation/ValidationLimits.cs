namespace LiquidMetal.Core.Validation;

/// <summary>Bounds a request must stay within; the agent binds these from configuration.</summary>
public sealed record ValidationLimits
{
    public int MaxVcpu { get; init; } = 64;
    public int MinMemoryMiB { get; init; } = 64;
    public int MaxMemoryMiB { get; init; } = 512 * 1024;
    public int MaxVolumeSizeMiB { get; init; } = 2 * 1024 * 1024;

    /// <summary>Total decoded size of all metadata files.</summary>
    public int MaxMetadataBytes { get; init; } = 1024 * 1024;

    /// <summary>x86 Linux's COMMAND_LINE_SIZE is 2048; leave room for the agent's own arguments.</summary>
    public int MaxKernelCmdlineLength { get; init; } = 1536;
    public int MaxLabels { get; init; } = 64;
    public int MaxInterfaces { get; init; } = 16;
    public int MaxVolumes { get; init; } = 16;
}
