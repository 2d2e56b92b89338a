using System.ComponentModel;
using System.Diagnostics;

namespace LiquidMetal.Agent.Images;

/// <summary>Runs a helper program (mkfs.ext4) to completion with an argv list, under a timeout; killed on timeout or cancel.</summary>
internal static class ToolProcess
{
    /// <returns>The exit code and standard error.</returns>
    /// <exception cref="ImagesException"><see cref="ImagesErrorCode.ToolNotInstalled"/> or, on timeout, <see cref="ImagesErrorCode.ToolFailed"/>.</exception>
    public static async Task<(int ExitCode, string Errors)> RunAsync(
        IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ImagesException(ImagesErrorCode.ToolNotInstalled, $"Cannot run {argv[0]}: {ex.Message}; install e2fsprogs", ex);
        }

        process.StandardInput.Close();
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeoutCts.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeoutCts.Token);
        try
        {
            await process.WaitForExitAsync(timeoutCts.Token).ConfigureAwait(false);
            await stdout.ConfigureAwait(false);
            return (process.ExitCode, (await stderr.ConfigureAwait(false)).Trim());
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new ImagesException(ImagesErrorCode.ToolFailed, $"{argv[0]} did not finish within {timeout.TotalSeconds:0.#} s");
        }
    }
}
