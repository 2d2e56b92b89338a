using System.CommandLine;
using Grpc.Core;
using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;
using LiquidMetal.Cli.Waiting;
using Spectre.Console;

namespace LiquidMetal.Cli.Commands;

/// <summary>
/// <c>lm apply -f DIR</c>: upload the manifests as the desired state and follow convergence round by round until the
/// observed fleet matches. Ctrl-C stops watching; the controller carries on.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CommandRunner runner)
    {
        var file = ManifestOption.Create("follow the desired state the controller applies now until it has converged");
        var timeout = Durations.TimeoutOption("Stop watching after this long, e.g. 10m (default: until converged; the controller carries on either way)");
        var command = new Command("apply",
            "Make the manifests the desired state (refused with every error when invalid) and show each convergence round until the " +
            "agents run it. Ctrl-C stops watching; convergence carries on.")
        {
            file,
            timeout,
        };
        runner.AttachController(command, async (context, parseResult, cancellationToken) =>
        {
            var manifests = ManifestOption.Read(parseResult, file);
            var request = new ApplyRequest();
            if (manifests is not null)
            {
                request.Files.AddRange(manifests.Files);
            }

            var limit = parseResult.GetValue(timeout);
            using var deadline = limit is { } t ? new CancellationTokenSource(t, context.Environment.Time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            ApplyProgress? last = null;
            try
            {
                using var call = context.Controller.Client.Apply(request, cancellationToken: linked.Token);
                var title = manifests is null ? "Waiting for the applied desired state to converge" : $"Applying {manifests.Source}";
                await context.ProgressDisplay.RunAsync(title, async progress =>
                {
                    await foreach (var message in call.ResponseStream.ReadAllAsync(linked.Token))
                    {
                        last = message;
                        if (message.Errors.Count > 0)
                        {
                            break;
                        }

                        progress.Report(ControllerProgress.Describe(message));
                    }

                    return true;
                });
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw StoppedWatching(last, "stopped watching", ExitCodes.Interrupted);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw StoppedWatching(last, $"timed out after {Humanize.Duration(limit!.Value)} waiting for convergence", ExitCodes.Failure);
            }

            if (last is { Errors.Count: > 0 } refused)
            {
                context.Output.WriteForPrograms(refused);
                throw ManifestOption.Refused(manifests, refused.Errors, $"lm apply -f {manifests?.Source}");
            }

            if (last is not { Converged: true } converged)
            {
                throw new CliException("the controller ended the apply before convergence", "run 'lm apply' (without -f) to follow it again; 'lm get clusters' shows where it is");
            }

            context.Output.Write(converged, () => new Text(
                $"Converged: generation {converged.Generation} (revision {TableRenderer.ShortDigest(converged.Revision)}), {converged.MachinesReady}/{converged.Machines} machines available"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static CliException StoppedWatching(ApplyProgress? last, string what, int exitCode)
    {
        var seen = last is null ? "" : $" (last round: {ControllerProgress.Describe(last)})";
        var generation = last is null ? "the desired state" : $"generation {last.Generation}";
        return new CliException($"{what}{seen}",
            $"the controller carries on converging {generation}: 'lm get clusters' shows where it is, 'lm apply' (without -f) follows it again", exitCode);
    }
}
