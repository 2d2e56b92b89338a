namespace LiquidMetal.Agent.Images;

/// <summary>
/// One tar entry reduced to what the merged tree needs: its kind, its validated path segments (for a whiteout, the
/// path it removes; for an opaque marker, its directory), the link target, and where its data is.
/// </summary>
/// <param name="SymlinkTarget">A symlink's target as written (may be absolute: it is resolved inside the root).</param>
/// <param name="HardlinkTarget">A hard link's target, validated like a path.</param>
/// <param name="Content">Where a regular file's bytes are, for extraction.</param>
internal sealed record LayerEntry(
    LayerEntryKind Kind,
    string[] Segments,
    string? SymlinkTarget = null,
    string[]? HardlinkTarget = null,
    FileContent? Content = null);
