using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Git.Tests.TestSupport;

namespace LiquidMetal.Controller.Git.Tests;

public sealed class GitDesiredStateSourceTests : IDisposable
{
    private readonly GitRepository _repo = GitRepository.Create();
    private readonly TempDirectory _cache = new();
    private readonly List<GitDesiredStateSource> _sources = [];

    private GitDesiredStateSource Source(string? repository = null, string branch = "main", string path = "", TimeProvider? time = null, ManifestLimits? limits = null)
    {
        var source = new GitDesiredStateSource(new GitDesiredStateOptions
        {
            Repository = repository ?? _repo.Path,
            Branch = branch,
            Path = path,
            CacheDirectory = _cache.Path,
            PollInterval = TimeSpan.FromSeconds(30),
            Limits = limits ?? new ManifestLimits(),
        }, time);
        _sources.Add(source);
        return source;
    }

    [Fact]
    public async Task FetchAsync_FirstCommit_ManifestsAtCommitShaSorted()
    {
        _repo.Write("hosts/sled-1.yaml", "kind: Host\n");
        _repo.Write("clusters/a.yml", "kind: Cluster\n");
        _repo.Write("README.md", "# fleet\n");
        _repo.Write(".github/workflows/ci.yml", "on: push\n");
        var commit = _repo.Commit();

        var snapshot = await Source().FetchAsync(CancellationToken.None);

        Assert.Equal(commit, snapshot.Revision);
        Assert.Equal(["clusters/a.yml", "hosts/sled-1.yaml"], snapshot.Files.Select(f => f.Path));
        Assert.Equal("kind: Host\n", snapshot.Files[1].Content);
        Assert.Equal(new DesiredStateOrigin("git", _repo.Path, "main", ""), snapshot.Origin);
    }

    [Fact]
    public async Task FetchAsync_FileUrl_SameAsLocalPath()
    {
        _repo.Write("a.yaml", "a: 1\n");
        var commit = _repo.Commit();

        var snapshot = await Source(repository: "file://" + _repo.Path).FetchAsync(CancellationToken.None);

        Assert.Equal(commit, snapshot.Revision);
        Assert.Equal("a.yaml", snapshot.Files.Single().Path);
    }

    [Fact]
    public async Task FetchAsync_Branch_ReadsThatBranchOnly()
    {
        _repo.Write("a.yaml", "on: main\n");
        _repo.Commit();
        _repo.Checkout("staging", create: true);
        _repo.Write("a.yaml", "on: staging\n");
        var staging = _repo.Commit();
        _repo.Checkout("main");

        var snapshot = await Source(branch: "staging").FetchAsync(CancellationToken.None);

        Assert.Equal(staging, snapshot.Revision);
        Assert.Equal("on: staging\n", snapshot.Files.Single().Content);
    }

    [Fact]
    public async Task FetchAsync_SubPath_OnlyFilesBelowItRelativeToIt()
    {
        _repo.Write("sites/edge-1/hosts.yaml", "edge-1\n");
        _repo.Write("sites/edge-1/clusters/a.yaml", "a\n");
        _repo.Write("sites/edge-2/hosts.yaml", "edge-2\n");
        _repo.Write("root.yaml", "root\n");
        _repo.Commit();

        var snapshot = await Source(path: "./sites//edge-1/").FetchAsync(CancellationToken.None);

        Assert.Equal(["clusters/a.yaml", "hosts.yaml"], snapshot.Files.Select(f => f.Path));
        Assert.Equal("sites/edge-1", snapshot.Origin.Path);
    }

    [Fact]
    public async Task WatchAsync_NewCommit_YieldedAfterUnchangedPollsYieldNothing()
    {
        _repo.Write("a.yaml", "v: 1\n");
        var first = _repo.Commit();
        using var clock = new SignallingTimeProvider();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watch = Source(time: clock).WatchAsync(null, null, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(first, watch.Current.Revision);
        var next = watch.MoveNextAsync();
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        await clock.WaitForTimerAsync(); // an unchanged poll is done and yielded nothing
        Assert.False(next.IsCompleted);

        _repo.Write("a.yaml", "v: 2\n");
        var second = _repo.Commit();
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.True(await next);
        Assert.Equal(second, watch.Current.Revision);
        Assert.Equal("v: 2\n", watch.Current.Files.Single().Content);
    }

    [Fact]
    public async Task WatchAsync_KnownRevision_NotYieldedAgain()
    {
        _repo.Write("a.yaml", "v: 1\n");
        var applied = _repo.Commit();
        using var clock = new SignallingTimeProvider();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watch = Source(time: clock).WatchAsync(applied, null, cts.Token).GetAsyncEnumerator(cts.Token);

        var next = watch.MoveNextAsync();
        await clock.WaitForTimerAsync(); // the first poll found the known revision

        Assert.False(next.IsCompleted);
        _repo.Write("a.yaml", "v: 2\n");
        var newer = _repo.Commit();
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await next);
        Assert.Equal(newer, watch.Current.Revision);
    }

    [Fact]
    public async Task FetchAsync_HistoryRewritten_FollowsForcedBranch()
    {
        _repo.Write("a.yaml", "v: 1\n");
        var first = _repo.Commit();
        _repo.Write("a.yaml", "v: 2\n");
        _repo.Commit();
        var source = Source();
        await source.FetchAsync(CancellationToken.None);

        _repo.Git("reset", "--quiet", "--hard", first);
        _repo.Write("a.yaml", "v: rewritten\n");
        var rewritten = _repo.Commit("rewrite");
        var afterRewrite = await source.FetchAsync(CancellationToken.None);
        _repo.Git("reset", "--quiet", "--hard", first);
        var backToFirst = await source.FetchAsync(CancellationToken.None);

        Assert.Equal(rewritten, afterRewrite.Revision);
        Assert.Equal("v: rewritten\n", afterRewrite.Files.Single().Content);
        Assert.Equal(first, backToFirst.Revision);
        Assert.Equal("v: 1\n", backToFirst.Files.Single().Content);
    }

    [Fact]
    public async Task FetchAsync_RepositoryGoneAfterGoodFetch_FetchFailedNamingLastRevisionThenRecovers()
    {
        _repo.Write("a.yaml", "v: 1\n");
        var good = _repo.Commit();
        var source = Source();
        await source.FetchAsync(CancellationToken.None);
        var moved = _repo.Path + ".moved";
        Directory.Move(_repo.Path, moved);
        DesiredStateException error;
        try
        {
            error = await Assert.ThrowsAsync<DesiredStateException>(() => source.FetchAsync(CancellationToken.None));
        }
        finally
        {
            Directory.Move(moved, _repo.Path);
        }

        Assert.Equal(DesiredStateErrorCode.SourceNotFound, error.Code);
        Assert.Contains(good, error.Message, StringComparison.Ordinal);
        Assert.Equal(good, (await source.FetchAsync(CancellationToken.None)).Revision);
    }

    [Fact]
    public async Task FetchAsync_RemoteBrokenAfterGoodFetch_FetchFailedKeepsLastRevision()
    {
        _repo.Write("a.yaml", "v: 1\n");
        var good = _repo.Commit();
        var source = Source();
        await source.FetchAsync(CancellationToken.None);
        // The repository is still there but unreadable as one: a transient-looking failure.
        var head = Path.Combine(_repo.Path, ".git", "HEAD");
        File.Move(head, head + ".away");
        DesiredStateException error;
        try
        {
            error = await Assert.ThrowsAsync<DesiredStateException>(() => source.FetchAsync(CancellationToken.None));
        }
        finally
        {
            File.Move(head + ".away", head);
        }

        Assert.Equal(DesiredStateErrorCode.FetchFailed, error.Code);
        Assert.Contains($"still at revision {good}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_FetchFails_ReportsErrorAndYieldsNothing()
    {
        _repo.Write("a.yaml", "v: 1\n");
        _repo.Commit();
        using var clock = new SignallingTimeProvider();
        var errors = new List<DesiredStateException>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watch = Source(branch: "missing", time: clock).WatchAsync(null, errors.Add, cts.Token).GetAsyncEnumerator(cts.Token);

        var next = watch.MoveNextAsync();
        await clock.WaitForTimerAsync();

        Assert.False(next.IsCompleted);
        Assert.Equal(DesiredStateErrorCode.BranchNotFound, Assert.Single(errors).Code);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
    }

    [Fact]
    public async Task FetchAsync_MissingRepository_SourceNotFound()
    {
        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source(repository: _cache.Combine("no-such-repo")).FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.SourceNotFound, error.Code);
        Assert.Contains("no-such-repo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_MissingBranch_BranchNotFound()
    {
        _repo.Write("a.yaml", "a\n");
        _repo.Commit();

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source(branch: "release-9").FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.BranchNotFound, error.Code);
        Assert.Contains("release-9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("a.yaml")]
    public async Task FetchAsync_MissingOrFileSubPath_PathNotFound(string path)
    {
        _repo.Write("a.yaml", "a\n");
        _repo.Commit();

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source(path: path).FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.PathNotFound, error.Code);
        Assert.Contains($"\"{path}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_SymlinkedManifest_UnsafeFile()
    {
        _repo.Write("real.yaml", "a\n");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "link.yaml"), "/etc/passwd");
        _repo.Commit();

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source().FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.UnsafeFile, error.Code);
        Assert.Contains("link.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_FileOverLimit_LimitExceededBeforeReading()
    {
        _repo.Write("big.yaml", new string('x', 5000));
        _repo.Commit();

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source(limits: new ManifestLimits { MaxFileBytes = 4096 }).FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.LimitExceeded, error.Code);
        Assert.Contains("big.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ManyFiles_AllReadInOneBatch()
    {
        for (var i = 0; i < 300; i++)
        {
            _repo.Write($"vms/vm-{i:D3}.yaml", $"id: {i}\n" + new string('#', i * 50));
        }

        _repo.Commit();

        var snapshot = await Source().FetchAsync(CancellationToken.None);

        Assert.Equal(300, snapshot.Files.Count);
        Assert.Equal($"id: 299\n{new string('#', 299 * 50)}", snapshot.Files[299].Content);
    }

    [Fact]
    public async Task FetchAsync_NewSourceSameCache_ReusesMirror()
    {
        _repo.Write("a.yaml", "a\n");
        var commit = _repo.Commit();
        var first = Source();
        await first.FetchAsync(CancellationToken.None);

        var second = Source();
        var snapshot = await second.FetchAsync(CancellationToken.None);

        Assert.Equal(first.MirrorDirectory, second.MirrorDirectory);
        Assert.Equal(commit, snapshot.Revision);
        Assert.Single(Directory.GetDirectories(_cache.Path));
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/lm-pwned", "main", "")]
    [InlineData("-oProxyCommand=touch /tmp/lm-pwned", "main", "")]
    [InlineData("ext::sh -c touch% /tmp/lm-pwned", "main", "")]
    [InlineData("fd::17", "main", "")]
    [InlineData("gopher://example/repo", "main", "")]
    [InlineData("REPO", "--output=/tmp/lm-pwned", "")]
    [InlineData("REPO", "main..other", "")]
    [InlineData("REPO", "main~1", "")]
    [InlineData("REPO", "ma in", "")]
    [InlineData("REPO", "main", "../outside")]
    [InlineData("REPO", "main", "/etc")]
    [InlineData("REPO", "main", "--all")]
    [InlineData("REPO", "main", "a/../../b")]
    public void Constructor_HostileInput_InvalidConfigurationAndNothingRuns(string repository, string branch, string path)
    {
        var error = Assert.Throws<DesiredStateException>(() => Source(repository: repository == "REPO" ? _repo.Path : repository, branch: branch, path: path));

        Assert.Equal(DesiredStateErrorCode.InvalidConfiguration, error.Code);
        Assert.False(File.Exists("/tmp/lm-pwned"));
        Assert.Empty(Directory.GetFileSystemEntries(_cache.Path));
    }

    [Fact]
    public void Constructor_SeveralBadSettings_AllReportedAtOnce()
    {
        var error = Assert.Throws<DesiredStateException>(() => Source(repository: "-x", branch: "-y", path: "../z"));

        Assert.Contains("repository", error.Message, StringComparison.Ordinal);
        Assert.Contains("branch", error.Message, StringComparison.Ordinal);
        Assert.Contains("path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_PathWithShellCharacters_TreatedAsPlainPath()
    {
        _repo.Write("a.yaml", "a\n");
        _repo.Commit();

        var error = await Assert.ThrowsAsync<DesiredStateException>(() => Source(path: "x;touch /tmp/lm-pwned").FetchAsync(CancellationToken.None));

        Assert.Equal(DesiredStateErrorCode.PathNotFound, error.Code);
        Assert.False(File.Exists("/tmp/lm-pwned"));
    }

    public void Dispose()
    {
        foreach (var source in _sources)
        {
            source.Dispose();
        }

        _repo.Dispose();
        _cache.Dispose();
    }
}
