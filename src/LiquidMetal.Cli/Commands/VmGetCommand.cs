using System.CommandLine;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm vm get UID</c>: one microVM's spec, status and details.</summary>
internal static class VmGetCommand
{
    public static Command Create(CommandRunner runner)
    {
        var uid = new Argument<string>("uid") { Description = "The microVM's uid (as shown by 'lm vm list')" };
        var command = new Command("get", "Show a microVM: spec summary, status, and why it is in that state") { uid };
        runner.Attach(command, async (context, parseResult, cancellationToken) =>
        {
            var id = parseResult.GetRequiredValue(uid);
            var vm = (await context.Connection.MicroVms.GetMicroVMAsync(new GetMicroVMRequest { Uid = id }, cancellationToken: cancellationToken)).Microvm;
            var (details, _) = context.Output.Format == OutputFormat.Table
                ? await context.Waiter.TryGetDetailsAsync(id, cancellationToken)
                : (null, false);
            context.Output.Write(vm, () => TableRenderer.Vm(vm, details, context.Now));
            return ExitCodes.Success;
        });
        return command;
    }
}
