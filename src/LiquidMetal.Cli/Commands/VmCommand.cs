using System.CommandLine;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm vm</c>: the microVM commands.</summary>
internal static class VmCommand
{
    public static Command Create(CommandRunner runner) => new("vm", "Create, inspect and delete microVMs on the agent's host")
    {
        VmCreateCommand.Create(runner),
        VmGetCommand.Create(runner),
        VmListCommand.Create(runner),
        VmDeleteCommand.Create(runner),
        VmConsoleCommand.Create(runner),
    };
}
