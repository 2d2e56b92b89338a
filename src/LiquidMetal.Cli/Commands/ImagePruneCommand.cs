using System.CommandLine;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm image prune [--budget-mib N]</c>: remove unused images down to a budget.</summary>
internal static class ImagePruneCommand
{
    public static Command Create(CommandRunner runner)
    {
        var budget = new Option<long>("--budget-mib")
        {
            Description = "Keep up to this many MiB of unused images, least recently used removed first (default 0: remove all unused)",
        };
        budget.Validators.Add(result =>
        {
            // Only judge what parses: a non-number is already reported by the parser (and would throw here).
            if (result.Tokens is [var token] && long.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var mib) && mib < 0)
            {
                result.AddError("--budget-mib must be 0 or more");
            }
        });
        var command = new Command("prune", "Remove images and artifacts no VM uses (down to --budget-mib)") { budget };
        runner.Attach(command, async (context, parseResult, cancellationToken) =>
        {
            var pruned = await context.Connection.HostAgent.PruneImagesAsync(
                new PruneImagesRequest { BudgetMib = parseResult.GetValue(budget) }, cancellationToken: cancellationToken);
            if (context.Output.Format == OutputFormat.Table)
            {
                await context.Environment.Out.WriteLineAsync(
                    $"Removed {pruned.RemovedArtifacts} artifact(s), freed {Humanize.Bytes(pruned.FreedBytes)}; {Humanize.Bytes(pruned.RemainingBytes)} remain");
            }
            else
            {
                context.Output.Write(pruned, () => new Spectre.Console.Text(""));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
