using System.CommandLine;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Files;
using LiquidMetal.Cli.Output;
using LiquidMetal.Cli.Waiting;
using VmState = LiquidMetal.Api.Flintlock.Types.MicroVMStatus.Types.MicroVMState;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm vm create -f FILE</c>: create a microVM from a spec file and (by default) wait until it is CREATED or FAILED.</summary>
internal static class VmCreateCommand
{
    private const string Description = """
        Create a microVM from a spec file and wait until it is CREATED or FAILED.

        The file (YAML or JSON, told apart by its extension or content; '-' reads standard input) is a
        flintlock MicroVMSpec with protobuf JSON field names, lowerCamelCase or snake_case:
        id, namespace, labels, vcpu, memoryInMb, kernel {image, filename, cmdline, addNetworkConfig},
        initrd {image, filename}, rootVolume and additionalVolumes {id, isReadOnly, mountPoint,
        source {containerSource | virtiofsSource}}, interfaces {deviceId, type (TAP | MACVTAP), guestMac,
        address {address, gateway, nameservers}, overrides {bridgeName}}, metadata, provider.

        metadata values are PLAIN TEXT (e.g. cloud-init meta-data, user-data, vendor-data, network-config);
        lm base64-encodes them as the API expects. Write multi-line values as YAML block scalars ('user-data: |').
        """;

    public static Command Create(CommandRunner runner)
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "Spec file (YAML or JSON); '-' reads standard input",
            HelpName = "path",
            Required = true,
        };
        var noWait = new Option<bool>("--no-wait") { Description = "Return as soon as the agent accepted the VM (state PENDING)" };
        var timeout = Durations.TimeoutOption("How long to wait for CREATED or FAILED, e.g. 90s, 5m (default 5m)");
        var command = new Command("create", Description) { file, noWait, timeout };
        runner.Attach(command, (context, parseResult, cancellationToken) => RunAsync(
            context, parseResult.GetRequiredValue(file), parseResult.GetValue(noWait), parseResult.GetValue(timeout) ?? Durations.DefaultTimeout, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string file, bool noWait, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var document = await SpecFileReader.ReadAsync(file, context.Environment.Input, cancellationToken);
        context.LocateField = document.Locate;

        var created = (await context.Connection.MicroVms.CreateMicroVMAsync(
            new CreateMicroVMRequest { Microvm = document.Message }, cancellationToken: cancellationToken)).Microvm;
        if (noWait)
        {
            context.Output.Write(created, () => TableRenderer.Vm(created, null, context.Now));
            return ExitCodes.Success;
        }

        var spec = created.Spec;
        var uid = spec.Uid;
        var waiter = context.Waiter;
        var observation = await context.WaitAsync(
            $"Creating microVM {spec.Namespace}/{spec.Id} ({uid})",
            uid,
            timeout,
            $"the agent keeps working on it; follow it with 'lm vm get {uid}'",
            (progress, token) => waiter.WaitUntilSettledAsync(uid, spec.Namespace, progress, token),
            cancellationToken);
        if (observation.IsGone)
        {
            throw new CliException($"microVM {uid} was deleted while it was being created");
        }

        // Fresh details: the reason and console tail of a failure may be written after the state changed.
        var (details, detailsSupported) = await waiter.TryGetDetailsAsync(uid, cancellationToken);
        details ??= observation.Details;
        var vm = observation.Vm ?? (await context.Connection.MicroVms.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid }, cancellationToken: cancellationToken)).Microvm;
        // On failure the console tail follows on stderr, with the reason; the table need not repeat it.
        context.Output.Write(vm, () => TableRenderer.Vm(vm, details, context.Now, withConsoleTail: false));
        if (observation.State != VmState.Failed)
        {
            return ExitCodes.Success;
        }

        var console = details?.ConsoleTail ?? [];
        var lines = console.Count == 0 ? new List<string>() : [$"console (last {console.Count} lines):", .. console.Select(line => "| " + line)];
        var report = new ErrorReport(
            $"microVM {spec.Namespace}/{spec.Id} ({uid}) failed: {observation.Reason ?? details?.Reason ?? "the agent gave no reason"}",
            lines,
            FailureHint(uid, details, detailsSupported, context.Now),
            ExitCodes.Failure);
        report.WriteTo(context.Error);
        return report.ExitCode;
    }

    private static string FailureHint(string uid, MicroVMDetails? details, bool detailsSupported, DateTimeOffset now)
    {
        if (!detailsSupported)
        {
            return $"this agent reports no failure details (a flintlock agent?); remove the VM with 'lm vm delete {uid}'";
        }

        // The agent retries some failures (up to its attempt limit); say so rather than imply it gave up.
        var retry = details?.NextAttemptAt is { } next && next.ToDateTimeOffset() > now.AddSeconds(-1)
            ? $"the agent tries again at {Humanize.Time(next, now)}; follow it with 'lm vm get {uid}'; "
            : "";
        return $"{retry}see the whole console with 'lm vm console {uid}'; remove the VM with 'lm vm delete {uid}'";
    }
}
