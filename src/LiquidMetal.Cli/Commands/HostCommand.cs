using System.CommandLine;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm host</c>: the agent's host.</summary>
internal static class HostCommand
{
    public static Command Create(CommandRunner runner) => new("host", "Inspect the agent's host")
    {
        HostInfoCommand.Create(runner),
    };
}
