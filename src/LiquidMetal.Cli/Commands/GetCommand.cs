using System.CommandLine;
using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm get hosts|clusters|machines</c>: the controller's view of the fleet, as tables or JSON/YAML.</summary>
internal static class GetCommand
{
    public static Command Create(CommandRunner runner) => new("get", "List the fleet's hosts, clusters or machines as the controller sees them")
    {
        Hosts(runner),
        Clusters(runner),
        Machines(runner),
    };

    private static Command Hosts(CommandRunner runner)
    {
        var command = new Command("hosts", "Declared hosts: their agent's state (Reachable, Unreachable, Failed), capacity, machines and last error");
        command.Aliases.Add("host");
        runner.AttachController(command, async (context, parseResult, cancellationToken) =>
        {
            var response = await context.Controller.Client.GetHostsAsync(new GetHostsRequest(), cancellationToken: cancellationToken);
            if (context.Output.Format == OutputFormat.Table && response.Hosts.Count == 0)
            {
                await context.Error.WriteLineAsync("No hosts declared: apply manifests with Host objects (lm apply -f DIR).");
                return ExitCodes.Success;
            }

            context.Output.Write(response, () => TableRenderer.Hosts(response, context.Now));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Clusters(CommandRunner runner)
    {
        var command = new Command("clusters", "Declared clusters: version, control-plane size, available machines and their Placed, ControlPlaneQuorum and Converged conditions");
        command.Aliases.Add("cluster");
        runner.AttachController(command, async (context, parseResult, cancellationToken) =>
        {
            var response = await context.Controller.Client.GetClustersAsync(new GetClustersRequest(), cancellationToken: cancellationToken);
            if (context.Output.Format == OutputFormat.Table && response.Clusters.Count == 0)
            {
                await context.Error.WriteLineAsync(response.Generation == 0
                    ? "No clusters: nothing applied yet (lm apply -f DIR)."
                    : $"No clusters declared in generation {response.Generation}.");
                return ExitCodes.Success;
            }

            context.Output.Write(response, () => TableRenderer.Clusters(response));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Machines(CommandRunner runner)
    {
        var cluster = new Option<string?>("--cluster") { Description = "Only this cluster's machines", HelpName = "name" };
        var command = new Command("machines", "Declared nodes: their host, VM, phase and whether the VM is available (and why not)") { cluster };
        command.Aliases.Add("machine");
        runner.AttachController(command, async (context, parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(cluster) ?? "";
            var response = await context.Controller.Client.GetMachinesAsync(new GetMachinesRequest { Cluster = name }, cancellationToken: cancellationToken);
            if (context.Output.Format == OutputFormat.Table && response.Machines.Count == 0)
            {
                await context.Error.WriteLineAsync(name.Length == 0
                    ? "No machines declared."
                    : $"No machines in cluster {name}: is it declared? (lm get clusters)");
                return ExitCodes.Success;
            }

            context.Output.Write(response, () => TableRenderer.Machines(response.Machines));
            return ExitCodes.Success;
        });
        return command;
    }
}
