using System.Diagnostics;
using System.Security.Cryptography;
using LiquidMetal.Agent.Images.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Agent.Images.Tests;

/// <summary>Against a real SQLite database and real files; a fake clock orders last use.</summary>
public sealed class ImageCacheTests : IAsyncLifetime, IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly TestDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private ImageCache _cache = null!;

    private string CacheDirectory => _directory.Combine("cache");

    public async Task InitializeAsync() => _cache = await OpenAsync();

    // xUnit calls DisposeAsync, then Dispose.
    public async Task DisposeAsync() => await _cache.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task GetOrBuildAsync_ConcurrentCallersOfOneKey_BuildOnce()
    {
        var builds = 0;
        var key = ArtifactKey.Volume("sha256:aa", 1024);
        async Task Build(string path, CancellationToken ct)
        {
            Interlocked.Increment(ref builds);
            await Task.Delay(200, ct);
            await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes(4096), ct);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _cache.GetOrBuildAsync(key, Build, CancellationToken.None)));

        Assert.Equal(1, builds);
        Assert.Single(results.Select(r => r.Path).Distinct());
        Assert.Equal(4096, results[0].SizeOnDiskBytes);
    }

    [Fact]
    public async Task AcquireAsync_NotBuilt_NotCached()
    {
        var error = await Assert.ThrowsAsync<ImagesException>(() => _cache.AcquireAsync("vm-a", ArtifactKey.File("sha256:bb", "boot/vmlinuz"), CancellationToken.None));

        Assert.Equal(ImagesErrorCode.NotCached, error.Code);
        Assert.Contains("file:sha256:bb:boot/vmlinuz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PruneAsync_TwoVmsShareOneBase_FreedOnlyAfterBothReleased()
    {
        var key = ArtifactKey.Volume("sha256:cc", 64);
        var builds = 0;
        var a = await _cache.AcquireOrBuildAsync("vm-a", key, (p, ct) => WriteAsync(p, MiB, () => builds++, ct), CancellationToken.None);
        var b = await _cache.AcquireOrBuildAsync("vm-b", key, (p, ct) => WriteAsync(p, MiB, () => builds++, ct), CancellationToken.None);

        Assert.Equal(1, builds);
        Assert.Equal(a.Path, b.Path);
        Assert.Equal(2, (await _cache.ListAsync(CancellationToken.None)).Single().RefCount);
        Assert.Empty((await _cache.PruneAsync(0, CancellationToken.None)).Removed);

        await _cache.ReleaseAllAsync("vm-a", CancellationToken.None);
        Assert.Empty((await _cache.PruneAsync(0, CancellationToken.None)).Removed);
        await _cache.ReleaseAllAsync("vm-b", CancellationToken.None);
        var pruned = await _cache.PruneAsync(0, CancellationToken.None);

        Assert.Equal([key], pruned.Removed);
        Assert.Equal(MiB, pruned.FreedBytes);
        Assert.Equal(0, pruned.RemainingBytes);
        Assert.False(File.Exists(a.Path));
        Assert.Empty(await _cache.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PruneAsync_OverBudget_RemovesLeastRecentlyUsedUnreferencedFirst()
    {
        var first = ArtifactKey.File("sha256:01", "k");
        var second = ArtifactKey.File("sha256:02", "k");
        var third = ArtifactKey.File("sha256:03", "k");
        var held = ArtifactKey.File("sha256:04", "k");
        foreach (var key in new[] { held, first, second, third })
        {
            await _cache.GetOrBuildAsync(key, (p, ct) => WriteAsync(p, MiB, null, ct), CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        await _cache.AcquireAsync("vm-a", held, CancellationToken.None);
        await _cache.GetOrBuildAsync(first, (_, _) => throw new InvalidOperationException("cached, not rebuilt"), CancellationToken.None);

        var pruned = await _cache.PruneAsync(2 * MiB, CancellationToken.None);

        Assert.Equal([second, third], pruned.Removed);
        Assert.Equal(2 * MiB, pruned.RemainingBytes);
        Assert.Equal([held, first], (await _cache.ListAsync(CancellationToken.None)).Select(i => i.Key)); // least recently used first
    }

    [Fact]
    public async Task OpenAsync_Reopened_ArtifactsReferencesAndTimesSurvive()
    {
        var key = ArtifactKey.Volume("sha256:dd", 128);
        var built = await _cache.AcquireOrBuildAsync("vm-a", key, (p, ct) => WriteAsync(p, MiB, null, ct), CancellationToken.None);
        var before = (await _cache.ListAsync(CancellationToken.None)).Single();
        await _cache.DisposeAsync();

        _cache = await OpenAsync();

        var after = (await _cache.ListAsync(CancellationToken.None)).Single();
        Assert.Equal(before, after);
        Assert.Equal(1, after.RefCount);
        Assert.Equal(built.Path, (await _cache.AcquireAsync("vm-b", key, CancellationToken.None)).Path);
    }

    [Fact]
    public async Task OpenAsync_WhileOpenElsewhere_CacheUnavailable()
    {
        var error = await Assert.ThrowsAsync<ImagesException>(OpenAsync);

        Assert.Equal(ImagesErrorCode.CacheUnavailable, error.Code);
    }

    [Fact]
    public async Task GetOrBuildAsync_BuildProcessKilled_NothingCachedAndNextBuildSucceeds()
    {
        var key = ArtifactKey.Volume("sha256:ee", 64);
        using var started = new SemaphoreSlim(0);
        Process? child = null;
        var killed = _cache.GetOrBuildAsync(key, async (path, ct) =>
        {
            // A build tool that dies half-way: it has written part of the artifact when it is killed.
            child = Process.Start("sh", ["-c", $"head -c 2097152 /dev/zero > '{path}'; exec sleep 60"]);
            while (!File.Exists(path) || new FileInfo(path).Length < 2 * MiB)
            {
                await Task.Delay(10, ct);
            }

            started.Release();
            await child.WaitForExitAsync(ct);
            if (child.ExitCode != 0)
            {
                throw new ImagesException(ImagesErrorCode.ToolFailed, $"build tool died with {child.ExitCode}");
            }
        }, CancellationToken.None);
        await started.WaitAsync(TimeSpan.FromSeconds(30));
        child!.Kill();

        await Assert.ThrowsAsync<ImagesException>(() => killed);
        child.Dispose();
        Assert.Empty(Directory.GetFileSystemEntries(_cache.WorkDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(_cache.ArtifactsDirectory));
        Assert.Empty(await _cache.ListAsync(CancellationToken.None));

        var rebuilt = await _cache.GetOrBuildAsync(key, (p, ct) => WriteAsync(p, MiB, null, ct), CancellationToken.None);

        Assert.Equal(MiB, new FileInfo(rebuilt.Path).Length);
    }

    [Fact]
    public async Task OpenAsync_AfterCrashMidBuild_LeftoversRemovedAndBuildRedone()
    {
        var kept = ArtifactKey.File("sha256:ff", "boot/vmlinuz");
        await _cache.GetOrBuildAsync(kept, (p, ct) => WriteAsync(p, 4096, null, ct), CancellationToken.None);
        var lost = ArtifactKey.Volume("sha256:ff", 64);
        await _cache.DisposeAsync();
        // What a process killed mid-build leaves: a scratch file and tree, and a renamed artifact whose row never committed.
        File.WriteAllBytes(Path.Combine(CacheDirectory, "work", lost.FileName + ".tmp-dead"), new byte[1000]);
        Directory.CreateDirectory(Path.Combine(CacheDirectory, "work", "scratch-dead", "root", "etc"));
        File.WriteAllBytes(Path.Combine(CacheDirectory, "artifacts", lost.FileName), new byte[1000]);

        _cache = await OpenAsync();

        Assert.Empty(Directory.GetFileSystemEntries(_cache.WorkDirectory));
        Assert.Equal([kept.FileName], Directory.GetFileSystemEntries(_cache.ArtifactsDirectory).Select(Path.GetFileName));
        var builds = 0;
        var rebuilt = await _cache.GetOrBuildAsync(lost, (p, ct) => WriteAsync(p, MiB, () => builds++, ct), CancellationToken.None);
        Assert.Equal(1, builds);
        Assert.Equal(MiB, new FileInfo(rebuilt.Path).Length);
    }

    [Fact]
    public async Task GetOrBuildAsync_ArtifactFileDeletedBehindItsBack_Rebuilt()
    {
        var key = ArtifactKey.File("sha256:12", "initrd");
        var first = await _cache.GetOrBuildAsync(key, (p, ct) => WriteAsync(p, 4096, null, ct), CancellationToken.None);
        File.Delete(first.Path);

        var builds = 0;
        var second = await _cache.GetOrBuildAsync(key, (p, ct) => WriteAsync(p, 4096, () => builds++, ct), CancellationToken.None);

        Assert.Equal(1, builds);
        Assert.True(File.Exists(second.Path));
    }

    [Fact]
    public async Task RemoveAsync_ReferencedArtifact_KeptUntilReleased()
    {
        var key = ArtifactKey.File("sha256:13", "k");
        var artifact = await _cache.AcquireOrBuildAsync("vm-a", key, (p, ct) => WriteAsync(p, 4096, null, ct), CancellationToken.None);

        Assert.False(await _cache.RemoveAsync(key, CancellationToken.None));
        await _cache.ReleaseAsync("vm-a", key, CancellationToken.None);
        Assert.True(await _cache.RemoveAsync(key, CancellationToken.None));
        Assert.False(File.Exists(artifact.Path));
    }

    private Task<ImageCache> OpenAsync() =>
        ImageCache.OpenAsync(new ImageCacheOptions { Directory = CacheDirectory }, NullLogger<ImageCache>.Instance, _time, CancellationToken.None);

    private static async Task WriteAsync(string path, long bytes, Action? onBuild, CancellationToken cancellationToken)
    {
        onBuild?.Invoke();
        await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes((int)bytes), cancellationToken);
    }
}
