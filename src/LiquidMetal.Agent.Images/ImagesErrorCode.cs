namespace LiquidMetal.Agent.Images;

/// <summary>Why turning layers into files or disks failed.</summary>
public enum ImagesErrorCode
{
    /// <summary>A layer's media type is not a tar we can read (plain, gzip, zstd).</summary>
    UnsupportedMediaType,

    /// <summary>A layer is not a valid tar (or its compression is broken), or holds an entry type we do not support.</summary>
    MalformedLayer,

    /// <summary>A layer entry tries to write outside the image root (<c>..</c>, an absolute path, a link out of the root).</summary>
    PathEscapesRoot,

    /// <summary>A layer is larger than the configured limits (entries, total bytes, one file): a tar bomb.</summary>
    LimitExceeded,

    /// <summary>The file asked for is not in the image (or is hidden by a whiteout).</summary>
    FileNotFound,

    /// <summary>The path asked for exists but is not a regular file (a directory, a device, a symlink loop).</summary>
    NotARegularFile,

    /// <summary>An external tool (mkfs.ext4) could not be started.</summary>
    ToolNotInstalled,

    /// <summary>An external tool (mkfs.ext4) failed or timed out.</summary>
    ToolFailed,

    /// <summary>The artifact is not in the cache (build it first).</summary>
    NotCached,

    /// <summary>The cache directory is in use by another process, or its database cannot be read.</summary>
    CacheUnavailable,
}
