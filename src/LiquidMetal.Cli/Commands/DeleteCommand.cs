using System.CommandLine;
using Grpc.Core;
using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;
using LiquidMetal.Cli.Waiting;
using Spectre.Console;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm delete cluster NAME [--wait]</c>: remove a cluster from the uploaded desired state; the controller deletes its VMs.</summary>
internal static class DeleteCommand
{
    public static Command Create(CommandRunner runner) => new("delete", "Remove an object from the desired state")
    {
        Cluster(runner),
    };

    private static Command Cluster(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The cluster (as listed by 'lm get clusters')" };
        var wait = new Option<bool>("--wait") { Description = "Follow the deletion until no agent has a VM of the cluster" };
        var timeout = Durations.TimeoutOption("With --wait: how long to wait, e.g. 90s, 5m (default 5m; the deletion carries on either way)");
        var command = new Command("cluster",
            "Remove a cluster uploaded with 'lm apply' from the desired state (a new revision, nothing else changed); the controller " +
            "then deletes its VMs. A cluster from the controller's folder or Git source is removed there instead.")
        {
            name,
            wait,
            timeout,
        };
        runner.AttachController(command, async (context, parseResult, cancellationToken) =>
        {
            var cluster = parseResult.GetRequiredValue(name);
            var waiting = parseResult.GetValue(wait);
            var limit = parseResult.GetValue(timeout) ?? Durations.DefaultTimeout;
            using var deadline = waiting ? new CancellationTokenSource(limit, context.Environment.Time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            DeleteClusterProgress? last = null;
            try
            {
                using var call = context.Controller.Client.DeleteCluster(new DeleteClusterRequest { Name = cluster, Wait = waiting }, cancellationToken: linked.Token);
                if (!waiting)
                {
                    await foreach (var message in call.ResponseStream.ReadAllAsync(linked.Token))
                    {
                        last = message;
                    }
                }
                else
                {
                    await context.ProgressDisplay.RunAsync($"Deleting cluster {cluster}", async progress =>
                    {
                        await foreach (var message in call.ResponseStream.ReadAllAsync(linked.Token))
                        {
                            last = message;
                            progress.Report(ControllerProgress.Describe(message));
                        }

                        return true;
                    });
                }
            }
            catch (OperationCanceledException) when (last is not null && (cancellationToken.IsCancellationRequested || deadline.IsCancellationRequested))
            {
                var what = cancellationToken.IsCancellationRequested ? "stopped watching" : $"timed out after {Humanize.Duration(limit)} waiting";
                throw new CliException($"{what}: cluster {cluster} is removed from the desired state, but its VMs are not all gone ({ControllerProgress.Describe(last)})",
                    "the controller and the agents carry on deleting them; 'lm get hosts' shows the machines per host",
                    cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Failure);
            }

            if (last is null)
            {
                throw new CliException($"the controller ended the deletion of cluster {cluster} without an answer", "check with 'lm get clusters'");
            }

            if (waiting && !last.Gone)
            {
                throw new CliException($"the controller ended the wait before the VMs of cluster {cluster} were gone ({ControllerProgress.Describe(last)})",
                    "the deletion carries on; 'lm get hosts' shows the machines per host");
            }

            var result = last;
            context.Output.Write(result, () => new Text(waiting
                ? $"Cluster {cluster} deleted: removed from the desired state (generation {result.Generation}) and no agent has a VM of it."
                : $"Cluster {cluster} removed from the desired state (generation {result.Generation}); the controller deletes its VMs " +
                  $"({ControllerProgress.Describe(result)}). 'lm delete cluster {cluster} --wait' would have followed it."));
            return ExitCodes.Success;
        });
        return command;
    }
}
