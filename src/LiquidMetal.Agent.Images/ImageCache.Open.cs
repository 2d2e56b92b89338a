using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Images;

public sealed partial class ImageCache
{
    /// <summary>
    /// Opens (or creates) the cache in <see cref="ImageCacheOptions.Directory"/>, takes its lock, and cleans up after a
    /// crash: scratch files and trees in <c>work/</c>, artifact files without a row (renamed, not yet committed).
    /// </summary>
    /// <exception cref="ImagesException"><see cref="ImagesErrorCode.CacheUnavailable"/>: in use by another process, or unreadable.</exception>
    public static Task<ImageCache> OpenAsync(ImageCacheOptions options, ILogger<ImageCache> logger, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(options.Directory);
        return Task.Run(() => Open(options, logger, timeProvider), cancellationToken);
    }

    private static ImageCache Open(ImageCacheOptions options, ILogger<ImageCache> logger, TimeProvider timeProvider)
    {
        var directory = Path.GetFullPath(options.Directory);
        System.IO.Directory.CreateDirectory(directory);
        var lockPath = Path.Combine(directory, "cache.lock");
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new ImagesException(ImagesErrorCode.CacheUnavailable, $"The image cache {directory} is open in another process (lock file {lockPath})", ex);
        }

        CacheDatabase? database = null;
        try
        {
            database = new CacheDatabase(Path.Combine(directory, "cache.db"), options.BusyTimeout);
            var cache = new ImageCache(directory, database, lockFile, logger, timeProvider);
            var count = cache.RemoveLeftovers();
            LogOpened(logger, directory, count);
            return cache;
        }
        catch (SqliteException ex)
        {
            database?.Dispose();
            lockFile.Dispose();
            throw new ImagesException(ImagesErrorCode.CacheUnavailable, $"The image cache database in {directory} cannot be opened: {ex.Message}", ex);
        }
        catch
        {
            database?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <returns>How many artifacts the cache holds.</returns>
    private int RemoveLeftovers()
    {
        FileTrees.Delete(WorkDirectory);
        System.IO.Directory.CreateDirectory(WorkDirectory);
        System.IO.Directory.CreateDirectory(ArtifactsDirectory);
        var known = _database.All().Select(r => r.FileName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFileSystemEntries(ArtifactsDirectory))
        {
            if (!known.Contains(Path.GetFileName(file)))
            {
                LogRemovingLeftover(file);
                FileTrees.Delete(file);
            }
        }

        return known.Count;
    }
}
