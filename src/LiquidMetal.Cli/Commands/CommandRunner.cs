using System.CommandLine;
using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Commands;

/// <summary>
/// Runs a command's body with a <see cref="CommandContext"/> and turns whatever it throws into an
/// <c>error:</c> line, a hint and an exit code.
/// </summary>
internal sealed class CommandRunner(GlobalOptions options, CliEnvironment environment)
{
    public GlobalOptions Options => options;

    /// <summary>A command that talks to an agent (--agent, --token, --ca-file, ...).</summary>
    public void Attach(Command command, Func<CommandContext, ParseResult, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, body, controller: false, cancellationToken));
    }

    /// <summary>A command that talks to the controller (--controller, --controller-ca, --controller-token-file, ...).</summary>
    public void AttachController(Command command, Func<CommandContext, ParseResult, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, body, controller: true, cancellationToken));
    }

    private async Task<int> RunAsync(ParseResult parseResult, Func<CommandContext, ParseResult, CancellationToken, Task<int>> body, bool controller, CancellationToken cancellationToken)
    {
        CommandContext? context = null;
        try
        {
            var format = options.ReadOutputFormat(parseResult);
            context = controller
                ? new CommandContext(environment, null, format,
                    ControllerSettings.Resolve(options.ReadControllerValues(parseResult), environment.GetVariable, File.ReadAllText, environment.ControllerStateDirectory))
                : new CommandContext(environment, AgentSettings.Resolve(options.ReadValues(parseResult), environment.GetVariable, File.ReadAllText), format);
            return await body(context, parseResult, cancellationToken);
        }
#pragma warning disable CA1031 // The command line's last line of defence: every failure becomes an error line and an exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var report = ErrorReporter.Describe(e, context?.ErrorContext ?? ErrorContext.None);
            report.WriteTo(environment.Error);
            return report.ExitCode;
        }
        finally
        {
            context?.Dispose();
        }
    }
}
