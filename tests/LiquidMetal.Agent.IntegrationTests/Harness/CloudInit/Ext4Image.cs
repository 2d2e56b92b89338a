using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;

/// <summary>
/// Reads an ext4 file system image from the host with e2fsprogs' <c>debugfs</c> (read-only: the image is never mounted
/// and never changed): inode type, mode and owner as stored, and file contents. For a guest disk after the guest
/// powered off (a clean unmount leaves nothing in the journal).
/// </summary>
public sealed partial class Ext4Image(string path)
{
    public string Path { get; } = path;

    /// <summary>The inode at <paramref name="guestPath"/> (symbolic links not followed), or null when there is none.</summary>
    public async Task<Ext4Inode?> StatAsync(string guestPath)
    {
        var (output, error) = await DebugFsAsync($"stat {Quote(guestPath)}");
        if (error.Contains("File not found", StringComparison.Ordinal))
        {
            return null;
        }

        var type = InodeType().Match(output);
        var owner = InodeOwner().Match(output);
        if (!type.Success || !owner.Success)
        {
            throw new InvalidOperationException($"debugfs stat {guestPath} on {Path}: unexpected output:\n{output}\n{error}");
        }

        return new Ext4Inode(
            type.Groups[1].Value,
            Convert.ToInt32(type.Groups[2].Value, 8),
            int.Parse(owner.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(owner.Groups[2].Value, CultureInfo.InvariantCulture),
            long.Parse(owner.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The bytes of the regular file at <paramref name="guestPath"/>.</summary>
    public async Task<byte[]> ReadAsync(string guestPath)
    {
        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lm-ext4-{Guid.NewGuid():N}");
        try
        {
            var (output, error) = await DebugFsAsync($"dump {Quote(guestPath)} {Quote(target)}");
            return File.Exists(target)
                ? await File.ReadAllBytesAsync(target)
                : throw new FileNotFoundException($"debugfs dump {guestPath} from {Path} wrote nothing:\n{output}\n{error}");
        }
        finally
        {
            File.Delete(target);
        }
    }

    public async Task<string> ReadTextAsync(string guestPath) => System.Text.Encoding.UTF8.GetString(await ReadAsync(guestPath));

    /// <summary><c>e2fsck -fn</c>: true when the file system is clean (nothing to replay, nothing to repair).</summary>
    public async Task<(bool Clean, string Report)> CheckAsync()
    {
        var (code, output, error) = await RunAsync("e2fsck", new Dictionary<string, string>(), "-fn", Path);
        return (code == 0, output + error);
    }

    private async Task<(string Output, string Error)> DebugFsAsync(string request)
    {
        var (code, output, error) = await RunAsync("debugfs", new Dictionary<string, string> { ["DEBUGFS_PAGER"] = "__none__" }, "-R", request, Path);
        return code == 0 ? (output, error) : throw new InvalidOperationException($"debugfs -R '{request}' {Path} exited {code}: {error}");
    }

    /// <summary>debugfs splits its request on blanks and honours double quotes; a path with a quote or a line break is refused.</summary>
    private static string Quote(string path) =>
        path.Any(c => c is '"' or '\n' or '\r' or '\0') ? throw new ArgumentException($"Path '{path}' cannot be passed to debugfs", nameof(path)) : $"\"{path}\"";

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(cts.Token);
        var error = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output, await error);
    }

    // "Inode: 1234   Type: regular    Mode:  0600   Flags: 0x80000"
    [GeneratedRegex(@"Type:\s+(\S+)\s+Mode:\s+([0-7]+)")]
    private static partial Regex InodeType();

    // "User:     0   Group:     0   Project:     0   Size: 1675"
    [GeneratedRegex(@"User:\s+(\d+)\s+Group:\s+(\d+)(?:\s+Project:\s+\d+)?\s+Size:\s+(\d+)")]
    private static partial Regex InodeOwner();
}
