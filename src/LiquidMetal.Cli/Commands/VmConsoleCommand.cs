using System.CommandLine;
using Grpc.Core;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm vm console UID</c>: the VM's serial console, raw, to standard output.</summary>
internal static class VmConsoleCommand
{
    public static Command Create(CommandRunner runner)
    {
        var uid = new Argument<string>("uid") { Description = "The microVM's uid" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until Ctrl-C" };
        var tail = new Option<long>("--tail")
        {
            Description = "Only the last this-many bytes of what the agent has buffered (0 = all)",
            HelpName = "bytes",
        };
        tail.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0)
            {
                result.AddError("--tail must be 0 (everything) or a number of bytes");
            }
        });
        var command = new Command("console", "Print a microVM's serial console (raw bytes); --follow streams it until Ctrl-C") { uid, follow, tail };
        runner.Attach(command, async (context, parseResult, cancellationToken) =>
        {
            var request = new StreamConsoleRequest
            {
                Uid = parseResult.GetRequiredValue(uid),
                Follow = parseResult.GetValue(follow),
                TailBytes = parseResult.GetValue(tail),
            };
            await using var output = new RawOutput(context.Environment.Out, context.Environment.RawOut);
            try
            {
                using var call = context.Connection.HostAgent.StreamConsole(request, cancellationToken: cancellationToken);
                await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    await output.WriteAsync(chunk.Data.Memory, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C is how a --follow ends: not an error.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
