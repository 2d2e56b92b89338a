using System.CommandLine;
using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;
using Spectre.Console;

namespace LiquidMetal.Cli.Commands;

/// <summary>
/// <c>lm kubeconfig CLUSTER [--output-file F|-] [--ttl 24h] [--force]</c>: an admin kubeconfig for the cluster's endpoint
/// with a short-lived client certificate from the controller. Written to a file only its owner can read (0600), never
/// over an existing file without <c>--force</c>; <c>-</c> prints the YAML; <c>-o json|yaml</c> prints the controller's
/// answer (kubeconfig included) and writes a file only when <c>--output-file</c> names one.
/// </summary>
internal static class KubeconfigCommand
{
    private const string Stdout = "-";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static Command Create(CommandRunner runner)
    {
        var name = new Argument<string>("cluster") { Description = "The cluster (as listed by 'lm get clusters')" };
        var output = new Option<string?>("--output-file")
        {
            Description = "Where to write the kubeconfig (default ./CLUSTER.kubeconfig); - prints it to standard output",
            HelpName = "file",
        };
        var ttl = new Option<TimeSpan?>("--ttl")
        {
            Description = "How long the client certificate is valid, e.g. 1h, 8h, 24h (default: the controller's, 24h; at most 8760h)",
            HelpName = "duration",
            CustomParser = result =>
            {
                var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Durations.TryParse(token, out var duration) && duration >= TimeSpan.FromSeconds(1) && duration <= TimeSpan.FromDays(365))
                {
                    return duration;
                }

                result.AddError($"--ttl \"{token}\" is not a duration between 1s and 8760h (365 days), such as 1h or 24h");
                return null;
            },
        };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists" };
        var command = new Command("kubeconfig",
            "Write an admin kubeconfig for a cluster's control-plane endpoint (VIP or external address), with a fresh client " +
            "certificate signed by the cluster CA that expires after --ttl. The file holds a private key: it is created mode 0600.")
        {
            name,
            output,
            ttl,
            force,
        };
        runner.AttachController(command, async (context, parseResult, cancellationToken) =>
        {
            var cluster = parseResult.GetRequiredValue(name);
            var target = parseResult.GetValue(output);
            var lifetime = parseResult.GetValue(ttl);
            var response = await context.Controller.Client.GetKubeconfigAsync(
                new GetKubeconfigRequest { Name = cluster, TtlSeconds = lifetime is { } l ? (long)l.TotalSeconds : 0 },
                cancellationToken: cancellationToken);

            if (target == Stdout)
            {
                if (context.Output.Format == OutputFormat.Table)
                {
                    await context.Environment.Out.WriteAsync(response.Kubeconfig);
                    await context.Environment.Out.FlushAsync(cancellationToken);
                }
                else
                {
                    context.Output.WriteForPrograms(response);
                }

                return ExitCodes.Success;
            }

            if (context.Output.Format != OutputFormat.Table && target is null)
            {
                context.Output.WriteForPrograms(response);
                return ExitCodes.Success;
            }

            var path = Path.GetFullPath(target ?? $"{cluster}.kubeconfig");
            await WriteOwnerOnlyAsync(path, response.Kubeconfig, parseResult.GetValue(force), cancellationToken);
            context.Output.Write(response, () => new Text(
                $"Wrote a kubeconfig for cluster {cluster} to {path} (user {response.User}, server {response.Server}, " +
                $"expires {response.NotAfter}).\nUse it with: kubectl --kubeconfig {path} get nodes"));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Creates <paramref name="path"/> with mode 0600 from the start (never a moment readable by others). Without
    /// <paramref name="force"/> an existing file is refused (atomically: created only if absent); with it, a temporary
    /// file in the same directory replaces it by rename, so a reader sees the old kubeconfig or the new one.
    /// </summary>
    internal static async Task WriteOwnerOnlyAsync(string path, string content, bool force, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            throw new CliException($"cannot write the kubeconfig to {path}: the directory {directory} does not exist", "create it or pick another --output-file");
        }

        if (File.Exists(path) && !force)
        {
            throw new CliException($"{path} exists: not replacing it", "pass --force to replace it, or pick another --output-file");
        }

        var temporary = force ? Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp") : path;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(content), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            if (force)
            {
                File.Move(temporary, path, overwrite: true);
            }
        }
        catch (IOException ex) when (!force && File.Exists(path) && ex is not FileNotFoundException)
        {
            throw new CliException($"{path} exists: not replacing it", "pass --force to replace it, or pick another --output-file", ExitCodes.Failure, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (force)
            {
                File.Delete(temporary);
            }

            throw new CliException($"cannot write the kubeconfig to {path}: {ex.Message}", "pick another --output-file", ExitCodes.Failure, ex);
        }
    }
}
