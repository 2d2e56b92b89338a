using System.Collections.Concurrent;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Oci.Content;

/// <summary>
/// Content-addressed blobs on disk: <c>&lt;root&gt;/blobs/&lt;algorithm&gt;/&lt;hex&gt;</c>. A blob appears there only
/// complete and verified: it is written into <c>&lt;root&gt;/tmp/</c>, hashed as it arrives, fsynced and renamed.
/// In one process concurrent requests for a digest share one download; between processes a lock file per digest
/// (<c>&lt;root&gt;/locks/</c>) makes the second wait and then find the blob. Temp files left by a killed process are
/// removed when the store is opened (those whose lock nobody holds).
/// </summary>
public sealed partial class BlobStore
{
    private readonly ConcurrentDictionary<Digest, Task<string>> _inflight = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private BlobStore(string root, ILogger logger, TimeProvider time)
    {
        Root = root;
        _logger = logger;
        _time = time;
    }

    public string Root { get; }

    private string TmpDirectory => Path.Combine(Root, "tmp");

    private string LockDirectory => Path.Combine(Root, "locks");

    /// <summary>Opens (creating as needed) a store at <paramref name="root"/> and removes stale temp files.</summary>
    public static BlobStore Open(string root, ILogger<BlobStore>? logger = null, TimeProvider? timeProvider = null)
    {
        var store = new BlobStore(Path.GetFullPath(root), logger ?? NullLogger<BlobStore>.Instance, timeProvider ?? TimeProvider.System);
        try
        {
            foreach (var directory in new[] { "blobs/sha256", "blobs/sha512", "tmp", "locks" })
            {
                Directory.CreateDirectory(Path.Combine(store.Root, directory));
            }

            store.RemoveStaleTempFiles();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OciException(OciErrorCode.StorageFailure, $"Blob store at {root} cannot be opened: {e.Message}. Check the directory's permissions and free space.", e);
        }

        return store;
    }

    /// <summary>Where the blob lives (or would live) in the store. Layer unpackers read it from here.</summary>
    public string PathOf(Digest digest) => Path.Combine(Root, "blobs", digest.Algorithm, digest.Hex);

    public bool Exists(Digest digest) => File.Exists(PathOf(digest));

    /// <summary>Opens a stored blob for reading; <see cref="OciErrorCode.NotFound"/> when absent.</summary>
    public Stream OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new OciException(OciErrorCode.NotFound, $"Blob {digest} is not in the blob store at {Root}. Pull the image first.", e);
        }
    }

    /// <summary>Removes a blob (under its lock, so a concurrent writer in another process is not disturbed). False if absent.</summary>
    public bool Delete(Digest digest)
    {
        using var held = FileLock.TryAcquire(LockPath(digest));
        var path = PathOf(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Every stored blob with its size.</summary>
    public IReadOnlyList<BlobInfo> List()
    {
        var blobs = new List<BlobInfo>();
        foreach (var algorithm in new[] { Digest.Sha256, Digest.Sha512 })
        {
            foreach (var file in new DirectoryInfo(Path.Combine(Root, "blobs", algorithm)).EnumerateFiles())
            {
                if (Digest.TryParse($"{algorithm}:{file.Name}", out var digest))
                {
                    blobs.Add(new BlobInfo(digest, file.Length));
                }
            }
        }

        return blobs;
    }

    /// <summary>
    /// Makes sure the blob is stored, calling <paramref name="download"/> to fill a verifying sink when it is not;
    /// returns its path. Concurrent calls for one digest share one download; a failure leaves nothing under blobs/.
    /// </summary>
    /// <param name="source">Where the content comes from, for error messages (<c>registry r, repository p</c>).</param>
    /// <param name="progress">Called with the bytes written so far (on the downloading caller's thread).</param>
    public async Task<string> EnsureAsync(
        Descriptor descriptor, string source, Func<IBlobSink, CancellationToken, Task> download, Action<long>? progress, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (IsComplete(descriptor))
            {
                return PathOf(descriptor.Digest);
            }

            var mine = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var shared = _inflight.GetOrAdd(descriptor.Digest, mine.Task);
            if (shared == mine.Task)
            {
                try
                {
                    mine.SetResult(await DownloadExclusiveAsync(descriptor, source, download, progress, cancellationToken));
                }
                catch (Exception e)
                {
                    mine.SetException(e);
                }
                finally
                {
                    _inflight.TryRemove(new KeyValuePair<Digest, Task<string>>(descriptor.Digest, mine.Task));
                }

                return await mine.Task;
            }

            try
            {
                return await shared.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The caller that was downloading gave up; this one still wants the blob, so it tries itself.
            }
        }
    }

    /// <summary>Stores content already in memory (a manifest or config), verified like any download.</summary>
    public Task<string> PutAsync(Descriptor descriptor, ReadOnlyMemory<byte> content, string source, CancellationToken cancellationToken) =>
        EnsureAsync(descriptor, source, (sink, ct) => sink.WriteAsync(content, ct).AsTask(), null, cancellationToken);

    /// <summary>The blob's bytes, for small blobs (manifests, configs).</summary>
    public async Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken cancellationToken)
    {
        await using var stream = OpenRead(digest);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private bool IsComplete(Descriptor descriptor)
    {
        var file = new FileInfo(PathOf(descriptor.Digest));
        if (!file.Exists)
        {
            return false;
        }

        if (file.Length == descriptor.Size)
        {
            return true;
        }

        // Only tampering can make a verified blob change size; drop it and fetch it again.
        LogSizeMismatch(descriptor.Digest, file.Length, descriptor.Size);
        Delete(descriptor.Digest);
        return false;
    }

    private async Task<string> DownloadExclusiveAsync(
        Descriptor descriptor, string source, Func<IBlobSink, CancellationToken, Task> download, Action<long>? progress, CancellationToken cancellationToken)
    {
        var digest = descriptor.Digest;
        using var held = await FileLock.AcquireAsync(LockPath(digest), _time, cancellationToken);
        var final = PathOf(digest);
        if (File.Exists(final))
        {
            return final; // another process stored it while we waited for the lock
        }

        var temp = Path.Combine(TmpDirectory, $"{digest.Algorithm}-{digest.Hex}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var sink = OnDisk(() => new FileBlobSink(temp, descriptor, source, progress), digest, source))
            {
                // The download's own failures (network, digest) pass through as they are; only disk errors are StorageFailure.
                await download(sink, cancellationToken);
                OnDisk(sink.VerifyAndSync, digest, source);
            }

            OnDisk(() => File.Move(temp, final, overwrite: true), digest, source);
            DirectorySync.Sync(Path.GetDirectoryName(final)!);
            LogStored(digest, descriptor.Size);
            return final;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private void OnDisk(Action action, Digest digest, string source) => OnDisk(() =>
    {
        action();
        return true;
    }, digest, source);

    private T OnDisk<T>(Func<T> action, Digest digest, string source)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageFailure(digest, source, e);
        }
    }

    private OciException StorageFailure(Digest digest, string source, Exception e) =>
        new(OciErrorCode.StorageFailure, $"Blob {digest} from {source} cannot be written to the blob store at {Root}: {e.Message}. Free disk space or fix permissions, then retry.", e);

    private string LockPath(Digest digest) => Path.Combine(LockDirectory, $"{digest.Algorithm}-{digest.Hex}.lock");

    private void RemoveStaleTempFiles()
    {
        foreach (var temp in Directory.EnumerateFiles(TmpDirectory))
        {
            var name = Path.GetFileName(temp);
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            var lockPath = Path.Combine(LockDirectory, (dot > 0 ? name[..dot] : name) + ".lock");
            using var held = FileLock.TryAcquire(lockPath);
            if (held is not null)
            {
                LogRemovingStale(temp);
                File.Delete(temp);
            }
        }
    }
}
