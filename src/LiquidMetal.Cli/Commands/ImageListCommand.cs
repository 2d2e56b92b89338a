using System.CommandLine;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm image list</c>: pulled images and the volumes, kernels and initrds built from them, with sizes and users.</summary>
internal static class ImageListCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("list", "List pulled images and the artifacts built from them (sizes, how many VMs use each)");
        command.Aliases.Add("ls");
        runner.Attach(command, async (context, _, cancellationToken) =>
        {
            var list = await context.Connection.HostAgent.ListImagesAsync(new ListImagesRequest(), cancellationToken: cancellationToken);
            context.Output.Write(list, () => TableRenderer.Images(list, context.Now));
            return ExitCodes.Success;
        });
        return command;
    }
}
