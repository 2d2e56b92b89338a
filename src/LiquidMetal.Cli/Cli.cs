using System.CommandLine;
using LiquidMetal.Cli.Commands;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli;

/// <summary>The <c>lm</c> command line, callable in-process: parse, run, and return the exit code.</summary>
public static class Cli
{
    /// <summary>Runs <c>lm</c> with <paramref name="args"/>, writing to the given writers and reading the process environment.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliEnvironment { Out = stdout, Error = stderr }, cancellationToken);

    /// <summary>Runs <c>lm</c> with <paramref name="args"/> in <paramref name="environment"/>; cancelling is Ctrl-C.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var parseResult = BuildRootCommand(environment).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // "Unrecognized command or argument 'lst'" says more than the "Required command was not provided" it causes.
            var messages = parseResult.Errors.Select(e => e.Message)
                .OrderBy(m => m.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1)
                .ToList();
            var report = new ErrorReport(
                messages[0],
                messages.Skip(1).ToList(),
                $"see '{CommandPath(parseResult)} --help'",
                ExitCodes.Usage);
            report.WriteTo(environment.Error);
            return report.ExitCode;
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // the caller owns Ctrl-C and passes it in as cancellationToken
        };
        return await parseResult.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The command tree. Each invocation builds its own, bound to its environment.</summary>
    internal static RootCommand BuildRootCommand(CliEnvironment environment) => BuildRootCommand(environment, new GlobalOptions());

    internal static RootCommand BuildRootCommand(CliEnvironment environment, GlobalOptions options)
    {
        var runner = new CommandRunner(options, environment);
        var root = new RootCommand(
            "lm: run Kubernetes clusters as microVMs. plan, apply, get, describe, delete and kubeconfig talk to the controller (--controller); " +
            "vm, host and image talk to one host agent (--agent, flintlock-compatible gRPC API).")
        {
            PlanCommand.Create(runner),
            ApplyCommand.Create(runner),
            GetCommand.Create(runner),
            DescribeCommand.Create(runner),
            DeleteCommand.Create(runner),
            KubeconfigCommand.Create(runner),
            VmCommand.Create(runner),
            HostCommand.Create(runner),
            ImageCommand.Create(runner),
        };
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        return root;
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "lm" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
