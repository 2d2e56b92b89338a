using System.Diagnostics;

namespace LiquidMetal.Agent.Images.Tests.Harness;

/// <summary>Runs host tools (tar, debugfs, e2fsck, stat, qemu-img) for assertions.</summary>
public static class Tools
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> CheckAsync(string file, params string[] args)
    {
        var (code, output, errors) = await RunAsync(file, args);
        return code == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {output}{errors}");
    }

    /// <summary><c>stat -c FORMAT</c> of the path itself (symlinks not followed).</summary>
    public static async Task<string> StatAsync(string format, string path) => (await CheckAsync("stat", "-c", format, path)).Trim();
}
