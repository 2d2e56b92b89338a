using System.CommandLine;
using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm describe cluster NAME</c>: conditions, machines, placement and newest events of one cluster.</summary>
internal static class DescribeCommand
{
    private const int DefaultEvents = 20;

    public static Command Create(CommandRunner runner) => new("describe", "Show one object in detail")
    {
        Cluster(runner),
    };

    private static Command Cluster(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The cluster (as listed by 'lm get clusters')" };
        var events = new Option<int>("--events")
        {
            Description = $"How many of the newest events to show (default {DefaultEvents})",
            DefaultValueFactory = _ => DefaultEvents,
        };
        events.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--events must be between 1 and 1000");
            }
        });
        var command = new Command("cluster", "A cluster's conditions, its machines, where each node is placed and why, and its newest events") { name, events };
        runner.AttachController(command, async (context, parseResult, cancellationToken) =>
        {
            var response = await context.Controller.Client.DescribeClusterAsync(
                new DescribeClusterRequest { Name = parseResult.GetRequiredValue(name), Events = parseResult.GetValue(events) },
                cancellationToken: cancellationToken);
            context.Output.Write(response, () => TableRenderer.Cluster(response, context.Now));
            return ExitCodes.Success;
        });
        return command;
    }
}
