namespace LiquidMetal.Agent.Images;

/// <summary>How volume images are built.</summary>
public sealed record Ext4VolumeOptions
{
    /// <summary>The mkfs.ext4 program (e2fsprogs 1.43 or newer, for <c>-d</c>).</summary>
    public string MkfsPath { get; init; } = "mkfs.ext4";

    /// <summary>Longest a build may take before it is killed.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Room for the filesystem's own metadata (journal, tables) on top of the content, in MiB.</summary>
    public int SlackMiB { get; init; } = 64;

    /// <summary>Content is multiplied by this so the filesystem is not built full.</summary>
    public double Headroom { get; init; } = 1.25;

    /// <summary>The time mkfs stamps (superblock, lost+found, root), fixed so builds of one image compare equal.</summary>
    public DateTimeOffset FixedTime { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
