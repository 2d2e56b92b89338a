using System.Security.Cryptography;
using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;
using LiquidMetal.Oci.Tests.Infrastructure;

namespace LiquidMetal.Oci.Tests.Content;

public sealed class BlobStoreTests : IDisposable
{
    private readonly TempDirectory _root = new("lm-store");
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(300_000);

    public void Dispose() => _root.Dispose();

    private Descriptor Descriptor => new(MediaTypes.OciLayerTar, Digest.ComputeSha256(_content), _content.Length);

    [Fact]
    public async Task EnsureAsync_ChunkedContent_StoresUnderBlobsByDigest()
    {
        var store = BlobStore.Open(_root.Path);

        var path = await store.EnsureAsync(Descriptor, "test", WriteChunksAsync(_content), null, CancellationToken.None);

        Assert.Equal(_root.Combine("blobs", "sha256", Descriptor.Digest.Hex), path);
        Assert.Equal(_content, await File.ReadAllBytesAsync(path));
        Assert.True(store.Exists(Descriptor.Digest));
        Assert.Equal([new BlobInfo(Descriptor.Digest, _content.Length)], store.List());
        Assert.Empty(Directory.EnumerateFiles(_root.Combine("tmp")));
    }

    [Fact]
    public async Task EnsureAsync_Sha512Digest_Verified()
    {
        var store = BlobStore.Open(_root.Path);
        var digest = Digest.FromHash(Digest.Sha512, SHA512.HashData(_content));

        var path = await store.EnsureAsync(Descriptor with { Digest = digest }, "test", WriteChunksAsync(_content), null, CancellationToken.None);

        Assert.Equal(_root.Combine("blobs", "sha512", digest.Hex), path);
    }

    [Fact]
    public async Task EnsureAsync_ContentHashesDifferently_DigestMismatchAndNothingStored()
    {
        var store = BlobStore.Open(_root.Path);
        var tampered = (byte[])_content.Clone();
        tampered[7] ^= 1;

        var error = await Assert.ThrowsAsync<OciException>(() => store.EnsureAsync(Descriptor, "registry r, repository p", WriteChunksAsync(tampered), null, CancellationToken.None));

        Assert.Equal(OciErrorCode.DigestMismatch, error.Code);
        Assert.Contains("registry r, repository p", error.Message, StringComparison.Ordinal);
        AssertNothingStored(store);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task EnsureAsync_WrongLength_DigestMismatchAndNothingStored(int delta)
    {
        var store = BlobStore.Open(_root.Path);
        var content = delta < 0 ? _content[..^1] : [.. _content, 0];

        var error = await Assert.ThrowsAsync<OciException>(() => store.EnsureAsync(Descriptor, "test", WriteChunksAsync(content), null, CancellationToken.None));

        Assert.Equal(OciErrorCode.DigestMismatch, error.Code);
        AssertNothingStored(store);
    }

    [Fact]
    public async Task EnsureAsync_DownloadFailsMidway_NothingStoredAndRetryWorks()
    {
        var store = BlobStore.Open(_root.Path);

        await Assert.ThrowsAsync<IOException>(() => store.EnsureAsync(Descriptor, "test", async (sink, ct) =>
        {
            await sink.WriteAsync(_content.AsMemory(0, 1000), ct);
            throw new IOException("connection reset");
        }, null, CancellationToken.None));
        AssertNothingStored(store);

        await store.EnsureAsync(Descriptor, "test", WriteChunksAsync(_content), null, CancellationToken.None);
        Assert.True(store.Exists(Descriptor.Digest));
    }

    [Fact]
    public async Task EnsureAsync_ResetAfterPartialWrite_StartsOverAndVerifies()
    {
        var store = BlobStore.Open(_root.Path);

        await store.EnsureAsync(Descriptor, "test", async (sink, ct) =>
        {
            await sink.WriteAsync(new byte[5000], ct);
            await sink.ResetAsync(ct);
            await WriteChunksAsync(_content)(sink, ct);
        }, null, CancellationToken.None);

        Assert.Equal(_content, await File.ReadAllBytesAsync(store.PathOf(Descriptor.Digest)));
    }

    [Fact]
    public async Task EnsureAsync_ConcurrentCallsForOneDigest_DownloadOnce()
    {
        var store = BlobStore.Open(_root.Path);
        var calls = 0;
        var gate = new TaskCompletionSource();

        var pulls = Enumerable.Range(0, 8).Select(_ => store.EnsureAsync(Descriptor, "test", async (sink, ct) =>
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
            await WriteChunksAsync(_content)(sink, ct);
        }, null, CancellationToken.None)).ToList();
        gate.SetResult();
        var paths = await Task.WhenAll(pulls);

        Assert.Equal(1, calls);
        Assert.Single(paths.Distinct());
    }

    [Fact]
    public async Task EnsureAsync_DownloaderCancelled_WaiterDownloadsItself()
    {
        var store = BlobStore.Open(_root.Path);
        using var first = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var downloading = store.EnsureAsync(Descriptor, "test", async (sink, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, null, first.Token);
        await started.Task;
        var waiting = store.EnsureAsync(Descriptor, "test", WriteChunksAsync(_content), null, CancellationToken.None);

        await first.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => downloading);
        Assert.Equal(store.PathOf(Descriptor.Digest), await waiting);
    }

    [Fact]
    public async Task EnsureAsync_TwoStoresOnOneRoot_FileLockMakesSecondWaitAndReuse()
    {
        // Two stores model two processes: they share no in-memory state, only the lock files.
        var one = BlobStore.Open(_root.Path);
        var two = BlobStore.Open(_root.Path);
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var secondCalled = false;

        var first = one.EnsureAsync(Descriptor, "test", async (sink, ct) =>
        {
            started.SetResult();
            await gate.Task;
            await WriteChunksAsync(_content)(sink, ct);
        }, null, CancellationToken.None);
        await started.Task;
        var second = two.EnsureAsync(Descriptor, "test", (_, _) =>
        {
            secondCalled = true;
            return Task.CompletedTask;
        }, null, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        gate.SetResult();
        await Task.WhenAll(first, second);

        Assert.False(secondCalled);
        Assert.Equal(_content, await File.ReadAllBytesAsync(two.PathOf(Descriptor.Digest)));
    }

    [Fact]
    public void Open_StaleTempFileWithoutLockHolder_Removed()
    {
        BlobStore.Open(_root.Path);
        var stale = _root.Combine("tmp", $"sha256-{Descriptor.Digest.Hex}.abc.tmp");
        File.WriteAllBytes(stale, [1, 2, 3]);

        BlobStore.Open(_root.Path);

        Assert.False(File.Exists(stale));
    }

    [Fact]
    public async Task Open_TempFileOfDownloadInProgress_Kept()
    {
        var store = BlobStore.Open(_root.Path);
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var download = store.EnsureAsync(Descriptor, "test", async (sink, ct) =>
        {
            await sink.WriteAsync(_content.AsMemory(0, 10), ct);
            started.SetResult();
            await gate.Task;
            await sink.WriteAsync(_content.AsMemory(10), ct);
        }, null, CancellationToken.None);
        await started.Task;

        BlobStore.Open(_root.Path);
        var kept = Directory.EnumerateFiles(_root.Combine("tmp")).Count();
        gate.SetResult();
        await download;

        Assert.Equal(1, kept);
        Assert.True(store.Exists(Descriptor.Digest));
    }

    [Fact]
    public async Task Delete_StoredBlob_RemovedAndOpenReadThenNotFound()
    {
        var store = BlobStore.Open(_root.Path);
        await store.PutAsync(Descriptor, _content, "test", CancellationToken.None);

        Assert.True(store.Delete(Descriptor.Digest));
        Assert.False(store.Delete(Descriptor.Digest));
        var error = Assert.Throws<OciException>(() => store.OpenRead(Descriptor.Digest));
        Assert.Equal(OciErrorCode.NotFound, error.Code);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task EnsureAsync_StoredBlobWithWrongSize_FetchedAgain()
    {
        var store = BlobStore.Open(_root.Path);
        await store.PutAsync(Descriptor, _content, "test", CancellationToken.None);
        await File.WriteAllBytesAsync(store.PathOf(Descriptor.Digest), [1, 2, 3]);

        await store.EnsureAsync(Descriptor, "test", WriteChunksAsync(_content), null, CancellationToken.None);

        Assert.Equal(_content, await File.ReadAllBytesAsync(store.PathOf(Descriptor.Digest)));
    }

    [Fact]
    public async Task EnsureAsync_Progress_ReportsBytesWritten()
    {
        var store = BlobStore.Open(_root.Path);
        var seen = new List<long>();

        await store.EnsureAsync(Descriptor, "test", WriteChunksAsync(_content), seen.Add, CancellationToken.None);

        Assert.Equal(_content.Length, seen[^1]);
        Assert.Equal(seen.Order(), seen);
    }

    private static Func<IBlobSink, CancellationToken, Task> WriteChunksAsync(byte[] content) => async (sink, ct) =>
    {
        for (var offset = 0; offset < content.Length; offset += 65536)
        {
            await sink.WriteAsync(content.AsMemory(offset, Math.Min(65536, content.Length - offset)), ct);
        }
    };

    private void AssertNothingStored(BlobStore store)
    {
        Assert.False(store.Exists(Descriptor.Digest));
        Assert.Empty(store.List());
        Assert.Empty(Directory.EnumerateFiles(_root.Combine("tmp")));
    }
}
