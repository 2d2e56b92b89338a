using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Git.Tests.TestSupport;

namespace LiquidMetal.Controller.Git.Tests;

public sealed class FolderDesiredStateSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private FolderDesiredStateSource Source(ManifestLimits? limits = null, string? directory = null) =>
        new(new FolderDesiredStateOptions { Directory = directory ?? _dir.Combine("fleet"), Limits = limits ?? new ManifestLimits() });

    [Fact]
    public async Task FetchAsync_NestedManifests_SortedRelativePathsWithoutHiddenOrOtherFiles()
    {
        _dir.Write("fleet/z-hosts.yaml", "kind: Host\n");
        _dir.Write("fleet/clusters/b.yml", "kind: Cluster\n");
        _dir.Write("fleet/clusters/a.YAML", "kind: Cluster\n");
        _dir.Write("fleet/README.md", "# not a manifest\n");
        _dir.Write("fleet/.hidden.yaml", "skipped\n");
        _dir.Write("fleet/.git/config.yaml", "skipped\n");

        var snapshot = await Source().FetchAsync(CancellationToken.None);

        Assert.Equal(["clusters/a.YAML", "clusters/b.yml", "z-hosts.yaml"], snapshot.Files.Select(f => f.Path));
        Assert.Equal("kind: Host\n", snapshot.Files[2].Content);
        Assert.StartsWith("sha256:", snapshot.Revision, StringComparison.Ordinal);
        Assert.Equal("folder", snapshot.Origin.Kind);
        Assert.Equal(_dir.Combine("fleet"), snapshot.Origin.Location);
    }

    [Fact]
    public async Task FetchAsync_ContentChangedAndRestored_RevisionFollowsContent()
    {
        _dir.Write("fleet/a.yaml", "one\n");
        var source = Source();
        var first = await source.FetchAsync(CancellationToken.None);
        Assert.Equal(first.Revision, (await source.FetchAsync(CancellationToken.None)).Revision);

        _dir.Write("fleet/a.yaml", "two\n");
        var changed = await source.FetchAsync(CancellationToken.None);
        _dir.Write("fleet/a.yaml", "one\n");
        var restored = await source.FetchAsync(CancellationToken.None);

        Assert.NotEqual(first.Revision, changed.Revision);
        Assert.Equal(first.Revision, restored.Revision);
    }

    [Fact]
    public async Task FetchAsync_RenamedFileSameContent_NewRevision()
    {
        _dir.Write("fleet/a.yaml", "same\n");
        var before = await Source().FetchAsync(CancellationToken.None);
        File.Move(_dir.Combine("fleet", "a.yaml"), _dir.Combine("fleet", "b.yaml"));

        var after = await Source().FetchAsync(CancellationToken.None);

        Assert.NotEqual(before.Revision, after.Revision);
    }

    [Fact]
    public async Task FetchAsync_SymlinkInsideFolder_ReadsTarget()
    {
        _dir.Write("fleet/real/host.yaml", "kind: Host\n");
        File.CreateSymbolicLink(_dir.Combine("fleet", "alias.yaml"), "real/host.yaml");

        var snapshot = await Source().FetchAsync(CancellationToken.None);

        Assert.Equal(["alias.yaml", "real/host.yaml"], snapshot.Files.Select(f => f.Path));
        Assert.Equal("kind: Host\n", snapshot.Files[0].Content);
    }

    [Fact]
    public async Task FetchAsync_SymlinkLeavingFolder_UnsafeFileNamingIt()
    {
        _dir.Write("secret.yaml", "password: x\n");
        _dir.Write("fleet/ok.yaml", "kind: Host\n");
        File.CreateSymbolicLink(_dir.Combine("fleet", "leak.yaml"), "../secret.yaml");

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source().FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.UnsafeFile, error.Code);
        Assert.Contains("leak.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_SymlinkedDirectoryLeavingFolder_Refused()
    {
        _dir.Write("outside/host.yaml", "kind: Host\n");
        Directory.CreateDirectory(_dir.Combine("fleet"));
        Directory.CreateSymbolicLink(_dir.Combine("fleet", "hosts"), _dir.Combine("outside"));

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source().FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.UnsafeFile, error.Code);
    }

    [Fact]
    public async Task FetchAsync_LinkThroughSymlinkThenDotDot_ResolvedPhysicallyAndRefused()
    {
        // "evil/../x.yaml" looks inside the folder lexically, but evil is a link to /tmp/..., so the real path is outside.
        _dir.Write("outside/deep/marker", "");
        _dir.Write("outside/x.yaml", "kind: Secret\n");
        Directory.CreateDirectory(_dir.Combine("fleet"));
        Directory.CreateSymbolicLink(_dir.Combine("fleet", ".evil"), _dir.Combine("outside", "deep"));
        File.CreateSymbolicLink(_dir.Combine("fleet", "x.yaml"), ".evil/../x.yaml");

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source().FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.UnsafeFile, error.Code);
        Assert.Contains(_dir.Combine("outside", "x.yaml"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_MissingFolder_SourceNotFound()
    {
        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source(directory: _dir.Combine("nope")).FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.SourceNotFound, error.Code);
        Assert.Contains(_dir.Combine("nope"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_FileOverSizeLimit_LimitExceededNamingFile()
    {
        _dir.Write("fleet/big.yaml", new string('x', 2000));

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source(new ManifestLimits { MaxFileBytes = 1000 }).FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.LimitExceeded, error.Code);
        Assert.Contains("big.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_TooManyFilesOrBytes_LimitExceeded()
    {
        for (var i = 0; i < 4; i++)
        {
            _dir.Write($"fleet/{i}.yaml", new string('x', 100));
        }

        var count = await Assert.ThrowsAsync<DesiredStateException>(() => Source(new ManifestLimits { MaxFiles = 3 }).FetchAsync(CancellationToken.None));
        var total = await Assert.ThrowsAsync<DesiredStateException>(() => Source(new ManifestLimits { MaxTotalBytes = 350 }).FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.LimitExceeded, count.Code);
        Assert.Equal(DesiredStateErrorCode.LimitExceeded, total.Code);
        Assert.Contains("MaxTotalBytes", total.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_NotUtf8_UnsafeFile()
    {
        Directory.CreateDirectory(_dir.Combine("fleet"));
        await File.WriteAllBytesAsync(_dir.Combine("fleet", "latin1.yaml"), [0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9, 0x0A]);

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source().FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.UnsafeFile, error.Code);
        Assert.Contains("latin1.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_Utf8Bom_Stripped()
    {
        Directory.CreateDirectory(_dir.Combine("fleet"));
        await File.WriteAllBytesAsync(_dir.Combine("fleet", "bom.yaml"), [0xEF, 0xBB, 0xBF, (byte)'a', (byte)':', (byte)' ', (byte)'1']);

        var snapshot = await Source().FetchAsync(CancellationToken.None);

        Assert.Equal("a: 1", snapshot.Files.Single().Content);
    }

    [Fact]
    public async Task WatchAsync_FileChanged_YieldsOnlyWhenRevisionChanges()
    {
        _dir.Write("fleet/a.yaml", "one\n");
        using var clock = new SignallingTimeProvider();
        var source = new FolderDesiredStateSource(new FolderDesiredStateOptions { Directory = _dir.Combine("fleet"), PollInterval = TimeSpan.FromSeconds(5) }, clock);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watch = source.WatchAsync(null, null, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await watch.MoveNextAsync());
        var first = watch.Current;
        var next = watch.MoveNextAsync();
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        await clock.WaitForTimerAsync(); // that poll found nothing new and the watch waits again
        Assert.False(next.IsCompleted);

        _dir.Write("fleet/a.yaml", "two\n");
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await next);
        Assert.NotEqual(first.Revision, watch.Current.Revision);
        Assert.Equal("two\n", watch.Current.Files.Single().Content);
    }

    [Fact]
    public void Constructor_EmptyDirectory_InvalidConfiguration()
    {
        var error = Assert.Throws<DesiredStateException>(() => new FolderDesiredStateSource(new FolderDesiredStateOptions { Directory = " " }));

        Assert.Equal(DesiredStateErrorCode.InvalidConfiguration, error.Code);
    }

    public void Dispose() => _dir.Dispose();
}
