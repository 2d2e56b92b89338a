using System.Diagnostics;

namespace LiquidMetal.Testing.Agent;

/// <summary>Runs host commands (ip, busybox, qemu-img, genisoimage) for tests and benchmarks, with a timeout. Shared as source.</summary>
public static class Shell
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static async Task<string> CheckAsync(string file, params string[] args)
    {
        var (code, output) = await RunAsync(file, args);
        return code == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {output}");
    }

    /// <summary>Pids of processes (not dotnet) whose command line contains <paramref name="needle"/>.</summary>
    public static IReadOnlyList<int> ProcessesMatching(string needle) => AgentLauncher.ProcessesMatching(needle);
}
