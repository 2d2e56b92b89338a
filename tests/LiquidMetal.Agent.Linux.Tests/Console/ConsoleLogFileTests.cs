using System.Text;
using System.Text.RegularExpressions;
using LiquidMetal.Agent.Linux.Console;
using LiquidMetal.Agent.Linux.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.Tests.Console;

public sealed partial class ConsoleLogFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;

    public ConsoleLogFileTests()
    {
        _path = _dir.Combine("console.log");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadTailAsync_Missing_ReturnsEmpty()
    {
        Assert.Equal(string.Empty, await Log().ReadTailAsync(_path, 100, CancellationToken.None));
    }

    [Fact]
    public async Task ReadTailAsync_CurrentLongerThanTail_ReturnsItsEnd()
    {
        await File.WriteAllTextAsync(_path + ".old", "old");
        await File.WriteAllTextAsync(_path, "0123456789");

        Assert.Equal("6789", await Log().ReadTailAsync(_path, 4, CancellationToken.None));
    }

    [Fact]
    public async Task ReadTailAsync_CurrentShorterThanTail_PrependsEndOfOld()
    {
        await File.WriteAllTextAsync(_path + ".old", "first line\nsecond line\n");
        await File.WriteAllTextAsync(_path, "third\n");

        Assert.Equal("line\nthird\n", await Log().ReadTailAsync(_path, 11, CancellationToken.None));
        Assert.Equal("first line\nsecond line\nthird\n", await Log().ReadTailAsync(_path, 1000, CancellationToken.None));
    }

    [Fact]
    public async Task ReadTailAsync_OnlyOld_ReturnsOld()
    {
        await File.WriteAllTextAsync(_path + ".old", "before rotation");

        Assert.Equal("rotation", await Log().ReadTailAsync(_path, 8, CancellationToken.None));
    }

    [Fact]
    public async Task ReadCurrentAsync_WithOld_IgnoresOld()
    {
        await File.WriteAllTextAsync(_path + ".old", "liquidmetal-ready from the last boot\n");
        await File.WriteAllTextAsync(_path, "booting\n");

        Assert.Equal("booting\n", await Log().ReadCurrentAsync(_path, 1000, CancellationToken.None));
    }

    [Fact]
    public async Task ReadTailAsync_InvalidUtf8_ReplacesBadBytes()
    {
        await File.WriteAllBytesAsync(_path, [(byte)'a', 0xFF, (byte)'b', 0xC3]);

        Assert.Equal("a\uFFFDb\uFFFD", await Log().ReadTailAsync(_path, 100, CancellationToken.None));
    }

    [Fact]
    public async Task ReadTailAsync_CutInsideCharacter_DropsItsContinuationBytes()
    {
        await File.WriteAllBytesAsync(_path, Encoding.UTF8.GetBytes("x✓ok"));

        // "✓" is 3 bytes: the last 4 bytes hold its last 2 and "ok".
        Assert.Equal("ok", await Log().ReadTailAsync(_path, 4, CancellationToken.None));
    }

    [Fact]
    public void Rotate_Existing_MovesItToOld()
    {
        File.WriteAllText(_path, "first boot");
        File.WriteAllText(_path + ".old", "older boot");

        Log().Rotate(_path);

        Assert.False(File.Exists(_path));
        Assert.Equal("first boot", File.ReadAllText(_path + ".old"));
    }

    [Fact]
    public void Rotate_Missing_DoesNothing()
    {
        Log().Rotate(_path);

        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void EnforceCap_UnderCap_LeavesFile()
    {
        File.WriteAllText(_path, "small");

        Log(maxBytes: 5).EnforceCap(_path);

        Assert.Equal("small", File.ReadAllText(_path));
        Assert.False(File.Exists(_path + ".old"));
    }

    [Fact]
    public void EnforceCap_OverCap_CopiesToOldAndTruncates()
    {
        File.WriteAllText(_path, "too big!");

        Log(maxBytes: 5).EnforceCap(_path);

        Assert.Equal(0, new FileInfo(_path).Length);
        Assert.Equal("too big!", File.ReadAllText(_path + ".old"));
        Assert.Equal(["console.log", "console.log.old"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EnforceCap_WhileWriterAppends_WriterContinuesAtNewEnd()
    {
        // Like QEMU: one descriptor opened with O_APPEND (">>"), one write per line; paced so that the
        // poller below runs while it writes (an unpaced bash can finish before the first poll).
        const int Lines = 20000;
        var log = Log(maxBytes: 16 * 1024);
        using var writer = System.Diagnostics.Process.Start(
            "bash", ["-c", $"exec 3>>\"$1\"; for i in $(seq 1 {Lines}); do printf 'line %06d\\n' $i >&3; (( i % 500 )) || sleep 0.02; done", "bash", _path])!;
        var caps = 0;
        while (!writer.HasExited)
        {
            // Count a cap when the file was over it, or shrank across the call (it may pass the cap in between).
            var before = File.Exists(_path) ? new FileInfo(_path).Length : 0;
            log.EnforceCap(_path);
            var after = File.Exists(_path) ? new FileInfo(_path).Length : 0;
            if (before > 16 * 1024 || after < before)
            {
                caps++;
            }
            await Task.Delay(1);
        }

        await writer.WaitForExitAsync();
        Assert.Equal(0, writer.ExitCode);
        var bytes = await File.ReadAllBytesAsync(_path);
        if (bytes.Length == 0)
        {
            // The last poll capped the log after the writer's last line and before it was seen to exit: the whole
            // log is then in the rotated copy.
            bytes = await File.ReadAllBytesAsync(_path + ".old");
        }

        Assert.DoesNotContain((byte)0, bytes);
        var lines = Encoding.ASCII.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(LineRegex(), l));
        Assert.Equal($"line {Lines:D6}", lines[^1]);
        var numbers = lines.Select(l => int.Parse(l[5..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Length), numbers);
        Assert.True(caps > 0, "The writer finished before the log reached its cap");
        Assert.True(bytes.Length < Lines * 12, "The log was never truncated");
        Assert.True(File.Exists(_path + ".old"));
    }

    private static ConsoleLogFile Log(long maxBytes = 1024 * 1024) =>
        new(Options.Create(new ConsoleOptions { MaxBytes = maxBytes }), NullLogger<ConsoleLogFile>.Instance);

    [GeneratedRegex("^line [0-9]{6}$")]
    private static partial Regex LineRegex();
}
