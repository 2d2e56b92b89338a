namespace LiquidMetal.Agent.Images;

/// <summary>Deleting trees without ever following a symlink (a link to /etc inside an image must not take /etc with it).</summary>
internal static class FileTrees
{
    /// <summary>Deletes a file, a symlink (not its target) or a directory with everything under it; nothing if absent.</summary>
    public static void Delete(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || (info.Exists && !info.Attributes.HasFlag(FileAttributes.Directory)))
        {
            File.Delete(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var child in Directory.EnumerateFileSystemEntries(path))
        {
            Delete(child);
        }

        Directory.Delete(path);
    }

    /// <summary>Like <see cref="Delete"/>, for cleanup paths: failures are swallowed.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover is removed with the next cleanup of the same directory.
        }
    }
}
