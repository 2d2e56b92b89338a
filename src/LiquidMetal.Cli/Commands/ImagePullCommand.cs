using System.CommandLine;
using Grpc.Core;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;
using LiquidMetal.Cli.Waiting;
using Spectre.Console;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm image pull REFERENCE</c>: the agent pulls the image; a progress bar per layer on a terminal, lines otherwise.</summary>
internal static class ImagePullCommand
{
    public static Command Create(CommandRunner runner)
    {
        var reference = new Argument<string>("reference") { Description = "registry/repository:tag or registry/repository@sha256:..." };
        var command = new Command("pull", "Pull an image onto the agent's host (refreshes a tag VMs will use from now on)") { reference };
        runner.Attach(command, async (context, parseResult, cancellationToken) =>
        {
            var image = parseResult.GetRequiredValue(reference);
            using var call = context.Connection.HostAgent.PullImage(new PullImageRequest { Reference = image }, cancellationToken: cancellationToken);
            var done = context.Environment.ErrorIsTerminal
                ? await ShowBarsAsync(ConsoleFactory.Create(context.Error, isTerminal: true), call.ResponseStream, cancellationToken)
                : await ShowLinesAsync(context.Error, image, call.ResponseStream, cancellationToken);
            if (done is null)
            {
                throw new CliException($"the agent ended the pull of {image} without a result", "try again; the agent's log says more");
            }

            context.Output.Write(done, () => new Text(
                $"Pulled {done.Reference}: {done.LayerCount} layer(s), {Humanize.Bytes(done.LayerBytes)}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<PulledImageSummary?> ShowLinesAsync(
        TextWriter error, string image, IAsyncStreamReader<PullImageProgress> stream, CancellationToken cancellationToken)
    {
        await error.WriteLineAsync($"Pulling {image}");
        var lines = new PullProgressLines();
        await foreach (var update in stream.ReadAllAsync(cancellationToken))
        {
            if (update.Done is { } done)
            {
                return done;
            }

            if (lines.Describe(update) is { } line)
            {
                await error.WriteLineAsync(line);
            }
        }

        return null;
    }

    private static Task<PulledImageSummary?> ShowBarsAsync(
        IAnsiConsole console, IAsyncStreamReader<PullImageProgress> stream, CancellationToken cancellationToken) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<int, ProgressTask>();
                await foreach (var update in stream.ReadAllAsync(cancellationToken))
                {
                    if (update.Done is { } done)
                    {
                        return done;
                    }

                    if (!tasks.TryGetValue(update.LayerIndex, out var task))
                    {
                        task = context.AddTask(
                            $"layer {update.LayerIndex + 1}/{update.LayerCount} {TableRenderer.ShortDigest(update.LayerDigest)}{(update.Cached ? " (cached)" : "")}",
                            maxValue: Math.Max(1, update.BytesTotal));
                        tasks[update.LayerIndex] = task;
                    }

                    task.Value = update.BytesDone;
                }

                return (PulledImageSummary?)null;
            });
}
