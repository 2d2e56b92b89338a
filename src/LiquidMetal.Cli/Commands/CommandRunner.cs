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

    public void Attach(Command command, Func<CommandContext, ParseResult, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, body, cancellationToken));
    }

    private async Task<int> RunAsync(ParseResult parseResult, Func<CommandContext, ParseResult, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        CommandContext? context = null;
        try
        {
            var settings = AgentSettings.Resolve(options.ReadValues(parseResult), environment.GetVariable, File.ReadAllText);
            context = new CommandContext(environment, settings, options.ReadOutputFormat(parseResult));
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
