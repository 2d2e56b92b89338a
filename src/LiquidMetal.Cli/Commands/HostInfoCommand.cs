using System.CommandLine;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm host info</c>: the host's capacity, acceleration, VMM providers and what is allocated.</summary>
internal static class HostInfoCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("info", "Show the host: CPUs, memory, disk, acceleration (kvm/tcg), VMM providers, allocated vs free, VM count");
        runner.Attach(command, async (context, _, cancellationToken) =>
        {
            var info = await context.Connection.HostAgent.GetHostInfoAsync(new GetHostInfoRequest(), cancellationToken: cancellationToken);
            context.Output.Write(info, () => TableRenderer.Host(info, context.Now));
            return ExitCodes.Success;
        });
        return command;
    }
}
