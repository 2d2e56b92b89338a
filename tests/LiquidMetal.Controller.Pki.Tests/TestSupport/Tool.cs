using System.Diagnostics;

namespace LiquidMetal.Controller.Pki.Tests.TestSupport;

/// <summary>Runs the real tools (openssl, kubectl) with a timeout; kubectl is LM_KUBECTL when set, else the one on PATH.</summary>
internal static class Tool
{
    public static string Kubectl { get; } = Environment.GetEnvironmentVariable("LM_KUBECTL") is { Length: > 0 } path ? path : "kubectl";

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, string? stdin = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = Path.GetTempPath();
        info.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> CheckAsync(string file, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(file, args);
        return code == 0 ? stdout : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {stdout}{stderr}");
    }

    public static Task<string> OpenSslAsync(params string[] args) => CheckAsync("openssl", args);
}
