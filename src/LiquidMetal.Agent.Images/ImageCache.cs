using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// The host's content-addressed cache of artifacts derived from images (volume images, extracted kernels and
/// initrds), shared by all VMs and kept across restarts. VMs hold references (<see cref="AcquireAsync"/>,
/// <see cref="ReleaseAllAsync"/>); <see cref="PruneAsync"/> removes unreferenced artifacts, least recently used
/// first. Builds of one key run once at a time (later callers get the result); a build writes a scratch file that
/// is renamed into place before its row is committed, so a crash mid-build leaves only scratch, removed on open.
/// </summary>
public sealed partial class ImageCache : IAsyncDisposable
{
    private readonly CacheDatabase _database;
    private readonly FileStream _lockFile;
    private readonly KeyedAsyncLock _keyLocks = new();
    private readonly ILogger<ImageCache> _logger;
    private readonly TimeProvider _time;

    private ImageCache(string directory, CacheDatabase database, FileStream lockFile, ILogger<ImageCache> logger, TimeProvider time)
    {
        Directory = directory;
        ArtifactsDirectory = Path.Combine(directory, "artifacts");
        WorkDirectory = Path.Combine(directory, "work");
        _database = database;
        _lockFile = lockFile;
        _logger = logger;
        _time = time;
    }

    public string Directory { get; }

    /// <summary>Where finished artifacts live, named by <see cref="ArtifactKey.FileName"/>.</summary>
    public string ArtifactsDirectory { get; }

    /// <summary>Scratch space on the same filesystem (renames into <see cref="ArtifactsDirectory"/> are atomic); emptied on open.</summary>
    public string WorkDirectory { get; }

    /// <summary>
    /// The artifact for <paramref name="key"/>, built by <paramref name="build"/> if the cache does not have it.
    /// <paramref name="build"/> must write the whole artifact to the path it is given (in <see cref="WorkDirectory"/>).
    /// </summary>
    public async Task<CachedArtifact> GetOrBuildAsync(ArtifactKey key, Func<string, CancellationToken, Task> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(build);
        using (await _keyLocks.LockAsync(key.ToString(), cancellationToken).ConfigureAwait(false))
        {
            return await GetOrBuildLockedAsync(key, build, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records that <paramref name="vmId"/> uses the cached artifact (idempotent) and returns it.</summary>
    /// <exception cref="ImagesException"><see cref="ImagesErrorCode.NotCached"/>: build it first.</exception>
    public async Task<CachedArtifact> AcquireAsync(string vmId, ArtifactKey key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        ArgumentNullException.ThrowIfNull(key);
        using (await _keyLocks.LockAsync(key.ToString(), cancellationToken).ConfigureAwait(false))
        {
            var artifact = Present(key) ?? throw new ImagesException(ImagesErrorCode.NotCached, $"Artifact {key} is not in the image cache; build it first");
            _database.AddReference(vmId, key, Now);
            return artifact;
        }
    }

    /// <summary><see cref="GetOrBuildAsync"/> and <see cref="AcquireAsync"/> as one step, so a prune cannot come between them.</summary>
    public async Task<CachedArtifact> AcquireOrBuildAsync(
        string vmId, ArtifactKey key, Func<string, CancellationToken, Task> build, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(build);
        using (await _keyLocks.LockAsync(key.ToString(), cancellationToken).ConfigureAwait(false))
        {
            var artifact = await GetOrBuildLockedAsync(key, build, cancellationToken).ConfigureAwait(false);
            _database.AddReference(vmId, key, Now);
            return artifact;
        }
    }

    /// <summary>Drops the VM's reference to one artifact.</summary>
    public Task ReleaseAsync(string vmId, ArtifactKey key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        _database.RemoveReferences(vmId, key, Now);
        return Task.CompletedTask;
    }

    /// <summary>Drops every reference the VM holds (on VM deletion). Idempotent.</summary>
    public Task ReleaseAllAsync(string vmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        cancellationToken.ThrowIfCancellationRequested();
        var released = _database.RemoveReferences(vmId, null, Now);
        LogReleased(vmId, released);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Removes unreferenced artifacts, least recently used first, until the cache holds at most
    /// <paramref name="budgetBytes"/> (or nothing unreferenced is left). Artifacts being built or acquired are skipped.
    /// </summary>
    public Task<PruneResult> PruneAsync(long budgetBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        var rows = _database.All();
        var total = rows.Sum(r => r.SizeBytes);
        var removed = new List<ArtifactKey>();
        long freed = 0;
        foreach (var row in rows.Where(r => r.RefCount == 0).OrderBy(r => r.LastUsed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (total <= budgetBytes)
            {
                break;
            }

            using var keyLock = _keyLocks.TryLock(row.Key.ToString());
            if (keyLock is null || !_database.DeleteUnreferenced(row.Key))
            {
                continue;
            }

            // Row first: a crash now leaves an orphan file, which opening the cache deletes.
            File.Delete(Path.Combine(ArtifactsDirectory, row.FileName));
            total -= row.SizeBytes;
            freed += row.SizeBytes;
            removed.Add(row.Key);
            LogPruned(row.Key, row.SizeBytes);
        }

        return Task.FromResult(new PruneResult(removed, freed, total));
    }

    /// <summary>Removes one artifact if no VM references it; false when it is referenced (or absent).</summary>
    public async Task<bool> RemoveAsync(ArtifactKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using (await _keyLocks.LockAsync(key.ToString(), cancellationToken).ConfigureAwait(false))
        {
            if (!_database.DeleteUnreferenced(key))
            {
                return false;
            }

            File.Delete(Path.Combine(ArtifactsDirectory, key.FileName));
            return true;
        }
    }

    /// <summary>Every cached artifact with its size on disk, reference count and last use, least recently used first.</summary>
    public Task<IReadOnlyList<CachedArtifactInfo>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<CachedArtifactInfo> list =
        [
            .. _database.All().Select(r => new CachedArtifactInfo(
                r.Key, Path.Combine(ArtifactsDirectory, r.FileName), r.SizeBytes, r.RefCount,
                DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(r.LastUsed))),
        ];
        return Task.FromResult(list);
    }

    /// <summary>A new empty scratch directory in <see cref="WorkDirectory"/> (for an unpacked tree); the caller deletes it.</summary>
    public string CreateScratchDirectory() =>
        System.IO.Directory.CreateDirectory(Path.Combine(WorkDirectory, $"scratch-{Guid.NewGuid():N}")).FullName;

    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        _lockFile.Dispose();
        return ValueTask.CompletedTask;
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private CachedArtifact? Present(ArtifactKey key)
    {
        var row = _database.Find(key);
        if (row is null)
        {
            return null;
        }

        var path = Path.Combine(ArtifactsDirectory, row.FileName);
        if (File.Exists(path))
        {
            return new CachedArtifact(key, path, row.SizeBytes);
        }

        // Deleted behind our back: forget it (references stay, they follow the key) and let it be rebuilt.
        LogArtifactFileMissing(key, path);
        _database.Delete(key);
        return null;
    }

    private async Task<CachedArtifact> GetOrBuildLockedAsync(ArtifactKey key, Func<string, CancellationToken, Task> build, CancellationToken cancellationToken)
    {
        if (Present(key) is { } cached)
        {
            _database.Touch(key, Now);
            return cached;
        }

        var temporary = Path.Combine(WorkDirectory, $"{key.FileName}.tmp-{Guid.NewGuid():N}");
        var final = Path.Combine(ArtifactsDirectory, key.FileName);
        LogBuilding(key);
        var started = _time.GetTimestamp();
        try
        {
            await build(temporary, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(temporary))
            {
                throw new InvalidOperationException($"The build of {key} finished without writing {temporary}");
            }

            using (var handle = File.OpenHandle(temporary, FileMode.Open, FileAccess.ReadWrite))
            {
                RandomAccess.FlushToDisk(handle);
            }

            File.Move(temporary, final, overwrite: true);
            UnixNative.SyncDirectory(ArtifactsDirectory);
            var size = UnixNative.AllocatedBytes(final);
            _database.Upsert(key, size, Now);
            var elapsed = _time.GetElapsedTime(started);
            LogBuilt(key, size, elapsed.TotalMilliseconds);
            return new CachedArtifact(key, final, size);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
