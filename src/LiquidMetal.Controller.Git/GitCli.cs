using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Git;

/// <summary>
/// Runs git with an argument list (never a shell), a clean environment for unattended use, and a timeout
/// after which the process is killed. The timeout is wall-clock time on purpose: it guards a real process,
/// while the poll schedule runs on the injected clock.
/// </summary>
internal sealed class GitCli(string executable, TimeSpan timeout)
{
    /// <summary>Transports git may use; ext:: and fd:: (which run programs) stay off.</summary>
    private const string AllowedProtocols = "file:git:http:https:ssh";

    /// <summary>Runs git to completion and returns its exit code and output as text.</summary>
    public async Task<GitResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var stdout = new MemoryStream();
        var (exitCode, stderr) = await RunStreamingAsync(arguments, writeInput: null, (output, ct) => output.CopyToAsync(stdout, ct), cancellationToken);
        return new GitResult(exitCode, Encoding.UTF8.GetString(stdout.ToArray()), stderr);
    }

    /// <summary>
    /// Runs git, feeding stdin from <paramref name="writeInput"/> while <paramref name="readOutput"/> consumes
    /// stdout (concurrently, so neither pipe can fill up and stall the other).
    /// </summary>
    public async Task<(int ExitCode, string Stderr)> RunStreamingAsync(
        IReadOnlyList<string> arguments,
        Func<Stream, CancellationToken, Task>? writeInput,
        Func<Stream, CancellationToken, Task> readOutput,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(readOutput);
        using var process = new Process { StartInfo = StartInfo(arguments) };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new DesiredStateException(DesiredStateErrorCode.FetchFailed,
                $"Cannot run {executable}: {e.Message}; install git (Debian package git) or set GitExecutable", e);
        }

        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        // Killing the process on timeout or cancellation ends every pending read and write on its pipes.
        using var killOnCancel = linked.Token.Register(() => Kill(process));
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            var input = WriteInputAsync(process, writeInput, linked.Token);
            await readOutput(process.StandardOutput.BaseStream, linked.Token);
            await input;
            await process.WaitForExitAsync(linked.Token);
            return (process.ExitCode, await stderr);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException || linked.IsCancellationRequested)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            if (timeoutCts.IsCancellationRequested)
            {
                throw new DesiredStateException(DesiredStateErrorCode.FetchFailed,
                    $"git {Describe(arguments)} did not finish within {timeout.TotalSeconds:0.#} s; check that the repository is reachable or raise CommandTimeout", e);
            }

            throw new DesiredStateException(DesiredStateErrorCode.FetchFailed, $"git {Describe(arguments)} failed: {e.Message}", e);
        }
        finally
        {
            Kill(process);
        }
    }

    /// <summary>The command for messages: the subcommand and its arguments, no more than needed.</summary>
    public static string Describe(IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments.Where(a => !a.StartsWith("--git-dir=", StringComparison.Ordinal)).Take(6));

    private ProcessStartInfo StartInfo(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Stable English messages; never prompt for credentials (there is nobody to answer); only safe transports;
        // no repository selected by the caller's environment.
        info.Environment["LC_ALL"] = "C";
        info.Environment["LANGUAGE"] = "C";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_ALLOW_PROTOCOL"] = AllowedProtocols;
        info.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        foreach (var variable in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES" })
        {
            info.Environment.Remove(variable);
        }

        return info;
    }

    private static async Task WriteInputAsync(Process process, Func<Stream, CancellationToken, Task>? writeInput, CancellationToken cancellationToken)
    {
        var stdin = process.StandardInput.BaseStream;
        try
        {
            if (writeInput is not null)
            {
                await writeInput(stdin, cancellationToken);
            }
        }
        finally
        {
            process.StandardInput.Close();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
