using System.CommandLine;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm image</c>: OCI images cached on the agent's host.</summary>
internal static class ImageCommand
{
    public static Command Create(CommandRunner runner) => new("image", "Pull, list, remove and prune OCI images cached on the agent's host")
    {
        ImagePullCommand.Create(runner),
        ImageListCommand.Create(runner),
        ImageRemoveCommand.Create(runner),
        ImagePruneCommand.Create(runner),
    };
}
