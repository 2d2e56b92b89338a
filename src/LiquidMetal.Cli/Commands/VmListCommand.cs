using System.Collections.Concurrent;
using System.CommandLine;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm vm list</c>: the host's microVMs, optionally in one namespace or by id.</summary>
internal static class VmListCommand
{
    private const int DetailRequestsInParallel = 8;

    public static Command Create(CommandRunner runner)
    {
        var vmNamespace = new Option<string?>("--namespace", "-n") { Description = "Only microVMs in this namespace (default: all)" };
        var name = new Option<string?>("--name") { Description = "Only the microVM with this id" };
        var command = new Command("list", "List microVMs: UID, NAMESPACE, ID, STATE, VCPU, MEMORY, AGE, REASON") { vmNamespace, name };
        command.Aliases.Add("ls");
        runner.Attach(command, async (context, parseResult, cancellationToken) =>
        {
            var request = new ListMicroVMsRequest { Namespace = parseResult.GetValue(vmNamespace) ?? "" };
            if (parseResult.GetValue(name) is { } id)
            {
                request.Name = id;
            }

            var response = await context.Connection.MicroVms.ListMicroVMsAsync(request, cancellationToken: cancellationToken);
            IReadOnlyDictionary<string, MicroVMDetails> details = new Dictionary<string, MicroVMDetails>();
            if (context.Output.Format == OutputFormat.Table)
            {
                if (response.Microvm.Count == 0)
                {
                    await context.Error.WriteLineAsync(request.Namespace.Length == 0 ? "No microVMs found." : $"No microVMs found in namespace {request.Namespace}.");
                    return ExitCodes.Success;
                }

                details = await GetDetailsAsync(context, response.Microvm.Select(vm => vm.Spec.Uid).ToList(), cancellationToken);
            }

            context.Output.Write(response, () => TableRenderer.VmList(response.Microvm, details, context.Now));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The REASON column needs each VM's details; an agent without them (flintlock) leaves it empty.</summary>
    private static async Task<IReadOnlyDictionary<string, MicroVMDetails>> GetDetailsAsync(CommandContext context, List<string> uids, CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, MicroVMDetails>(StringComparer.Ordinal);
        var waiter = context.Waiter;
        var (first, supported) = await waiter.TryGetDetailsAsync(uids[0], cancellationToken);
        if (!supported)
        {
            return found;
        }

        if (first is not null)
        {
            found[uids[0]] = first;
        }

        await Parallel.ForEachAsync(
            uids.Skip(1),
            new ParallelOptions { MaxDegreeOfParallelism = DetailRequestsInParallel, CancellationToken = cancellationToken },
            async (uid, token) =>
            {
                if ((await waiter.TryGetDetailsAsync(uid, token)).Details is { } details)
                {
                    found[uid] = details;
                }
            });
        return found;
    }
}
