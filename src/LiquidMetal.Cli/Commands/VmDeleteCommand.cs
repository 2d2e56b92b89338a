using System.CommandLine;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm vm delete UID</c>: ask the agent to delete a microVM and, with --wait, wait until it is gone.</summary>
internal static class VmDeleteCommand
{
    public static Command Create(CommandRunner runner)
    {
        var uid = new Argument<string>("uid") { Description = "The microVM's uid" };
        var wait = new Option<bool>("--wait") { Description = "Wait until the agent no longer knows the microVM" };
        var timeout = Durations.TimeoutOption("With --wait: how long to wait, e.g. 90s, 5m (default 5m)");
        var command = new Command("delete", "Delete a microVM (asynchronous: it is DELETING, then gone)") { uid, wait, timeout };
        command.Aliases.Add("rm");
        runner.Attach(command, async (context, parseResult, cancellationToken) =>
        {
            var id = parseResult.GetRequiredValue(uid);
            await context.Connection.MicroVms.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = id }, cancellationToken: cancellationToken);
            if (parseResult.GetValue(wait))
            {
                var waiter = context.Waiter;
                await context.WaitAsync(
                    $"Deleting microVM {id}",
                    id,
                    parseResult.GetValue(timeout) ?? Durations.DefaultTimeout,
                    $"the agent keeps working on it; check with 'lm vm get {id}'",
                    (progress, token) => waiter.WaitUntilGoneAsync(id, progress, token),
                    cancellationToken);
            }

            if (context.Output.Format == OutputFormat.Table)
            {
                await context.Environment.Out.WriteLineAsync(parseResult.GetValue(wait) ? $"microVM {id} deleted" : $"microVM {id} is being deleted");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
