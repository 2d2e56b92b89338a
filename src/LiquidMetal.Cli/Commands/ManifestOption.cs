using System.CommandLine;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Files;

namespace LiquidMetal.Cli.Commands;

/// <summary>The <c>-f</c> of <c>lm plan</c> and <c>lm apply</c>, and the error for manifests the controller refused.</summary>
internal static class ManifestOption
{
    public static Option<string?> Create(string withoutIt) => new("--filename", "-f")
    {
        Description = $"A folder of fleet manifests (every *.yaml and *.yml below it: Host, Cluster, MachineTemplate) or one file; without it, {withoutIt}",
        HelpName = "path",
    };

    public static ManifestFiles? Read(ParseResult parseResult, Option<string?> option) =>
        parseResult.GetValue(option) is { } path ? ManifestFiles.Read(path) : null;

    /// <summary>Every error, each with the file's path as given; nothing was changed.</summary>
    public static CliException Refused(ManifestFiles? manifests, IReadOnlyList<string> errors, string rerun)
    {
        var where = manifests is null ? "the manifests" : $"the manifests in {manifests.Source}";
        return new CliException(
            $"the controller refused {where} ({errors.Count} error{(errors.Count == 1 ? "" : "s")}); nothing was changed:",
            $"fix them and run '{rerun}' again")
        {
            Details = [.. errors.Select(e => manifests?.Locate(e) ?? e)],
        };
    }
}
