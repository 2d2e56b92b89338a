using System.CommandLine;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm image rm REFERENCE</c>: remove what an image left on the host that no VM uses.</summary>
internal static class ImageRemoveCommand
{
    public static Command Create(CommandRunner runner)
    {
        var reference = new Argument<string>("reference") { Description = "The image, as pulled: registry/repository:tag or @sha256:..." };
        var command = new Command("rm", "Remove an image's unused artifacts and blobs from the host (what VMs use stays)") { reference };
        command.Aliases.Add("remove");
        runner.Attach(command, async (context, parseResult, cancellationToken) =>
        {
            var image = parseResult.GetRequiredValue(reference);
            var removed = await context.Connection.HostAgent.RemoveImageAsync(new RemoveImageRequest { Reference = image }, cancellationToken: cancellationToken);
            if (context.Output.Format == OutputFormat.Table)
            {
                await context.Environment.Out.WriteLineAsync(
                    $"{image}: removed {removed.RemovedArtifacts} artifact(s), freed {Humanize.Bytes(removed.FreedBytes)}"
                    + (removed.InUse ? "; still used by VMs: their artifacts and its blobs stay" : ""));
            }
            else
            {
                context.Output.Write(removed, () => new Spectre.Console.Text(""));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
