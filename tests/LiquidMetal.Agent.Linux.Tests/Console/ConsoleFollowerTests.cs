using System.Text;
using LiquidMetal.Agent.Linux.Console;
using LiquidMetal.Agent.Linux.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.Tests.Console;

public sealed class ConsoleFollowerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly ConsoleFollower _follower = new(Options.Create(new ConsoleOptions { FollowPollInterval = TimeSpan.FromMilliseconds(20) }), TimeProvider.System);

    public ConsoleFollowerTests()
    {
        _path = _dir.Combine("console.log");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task FollowAsync_NotFollowing_YieldsOldAndCurrentThenEnds()
    {
        await File.WriteAllTextAsync(_path + ".old", "old\n");
        await File.WriteAllTextAsync(_path, "current\n");

        var text = await ReadAllAsync(_follower.FollowAsync(_path, null, follow: false, CancellationToken.None));

        Assert.Equal("old\ncurrent\n", text);
    }

    [Fact]
    public async Task FollowAsync_TailBytes_YieldsOnlyTheTailAcrossOld()
    {
        await File.WriteAllTextAsync(_path + ".old", "0123456789");
        await File.WriteAllTextAsync(_path, "abc");

        Assert.Equal("bc", await ReadAllAsync(_follower.FollowAsync(_path, 2, follow: false, CancellationToken.None)));
        Assert.Equal("789abc", await ReadAllAsync(_follower.FollowAsync(_path, 6, follow: false, CancellationToken.None)));
    }

    [Fact]
    public async Task FollowAsync_Missing_NotFollowing_YieldsNothing()
    {
        Assert.Equal(string.Empty, await ReadAllAsync(_follower.FollowAsync(_path, null, follow: false, CancellationToken.None)));
    }

    [Fact]
    public async Task FollowAsync_Following_SeesAppendedData()
    {
        await File.WriteAllTextAsync(_path, "boot\n");
        using var cts = new CancellationTokenSource(Patience);
        await using var stream = _follower.FollowAsync(_path, null, follow: true, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.Equal("boot\n", await NextAsync(stream));
        await File.AppendAllTextAsync(_path, "login:\n");
        Assert.Equal("login:\n", await NextAsync(stream));
    }

    [Fact]
    public async Task FollowAsync_FileAppearsLater_SeesItFromTheStart()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var stream = _follower.FollowAsync(_path, 100, follow: true, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = NextAsync(stream);

        await File.WriteAllTextAsync(_path, "hello\n");

        Assert.Equal("hello\n", await next);
    }

    [Fact]
    public async Task FollowAsync_Truncated_RestartsAtZero()
    {
        await File.WriteAllTextAsync(_path, "a long first line\n");
        using var cts = new CancellationTokenSource(Patience);
        await using var stream = _follower.FollowAsync(_path, null, follow: true, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Equal("a long first line\n", await NextAsync(stream));

        new ConsoleLogFile(Options.Create(new ConsoleOptions { MaxBytes = 4 }), NullLogger<ConsoleLogFile>.Instance).EnforceCap(_path);
        await File.AppendAllTextAsync(_path, "new\n");

        Assert.Equal("new\n", await NextAsync(stream));
    }

    [Fact]
    public async Task FollowAsync_Rotated_DrainsOldFileThenReadsNewOne()
    {
        await File.WriteAllTextAsync(_path, "vmm 1\n");
        using var cts = new CancellationTokenSource(Patience);
        await using var stream = _follower.FollowAsync(_path, null, follow: true, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Equal("vmm 1\n", await NextAsync(stream));

        // The old VMM's last words land after the follower's read but before the rotation it notices.
        await File.AppendAllTextAsync(_path, "bye\n");
        new ConsoleLogFile(Options.Create(new ConsoleOptions()), NullLogger<ConsoleLogFile>.Instance).Rotate(_path);
        await File.WriteAllTextAsync(_path, "vmm 2 starts with more text than before\n");

        var seen = new StringBuilder();
        while (!seen.ToString().EndsWith("vmm 2 starts with more text than before\n", StringComparison.Ordinal))
        {
            seen.Append(await NextAsync(stream));
        }

        Assert.Equal("bye\nvmm 2 starts with more text than before\n", seen.ToString());
    }

    [Fact]
    public async Task FollowAsync_Cancelled_EndsWithoutException()
    {
        await File.WriteAllTextAsync(_path, "x");
        using var cts = new CancellationTokenSource();
        var chunks = 0;

        await foreach (var chunk in _follower.FollowAsync(_path, null, follow: true, cts.Token))
        {
            chunks++;
            await cts.CancelAsync();
        }

        Assert.Equal(1, chunks);
    }

    private static async Task<string> NextAsync(IAsyncEnumerator<byte[]> stream)
    {
        Assert.True(await stream.MoveNextAsync(), "The follower ended");
        return Encoding.UTF8.GetString(stream.Current);
    }

    private static async Task<string> ReadAllAsync(IAsyncEnumerable<byte[]> chunks)
    {
        var bytes = new List<byte>();
        await foreach (var chunk in chunks)
        {
            bytes.AddRange(chunk);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
