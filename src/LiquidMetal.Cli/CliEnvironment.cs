namespace LiquidMetal.Cli;

/// <summary>
/// Everything <c>lm</c> takes from its process: standard streams, environment variables, whether the
/// streams are terminals, and the clock. Tests and in-process callers build one with their own writers.
/// </summary>
public sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Standard input, for <c>lm vm create -f -</c>.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>
    /// Standard output as bytes, for <c>lm vm console</c>; when null, console bytes are decoded as UTF-8 and
    /// written to <see cref="Out"/>.
    /// </summary>
    public Stream? RawOut { get; init; }

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>True when standard output is a terminal: colours on, tables as wide as the window.</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>True when standard error is a terminal: progress is a live spinner instead of lines.</summary>
    public bool ErrorIsTerminal { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The local controller's state directory, whose <c>tls/ca.crt</c> and <c>token</c> are the defaults of
    /// <c>--controller-ca</c> and <c>--controller-token-file</c> when readable.
    /// </summary>
    public string ControllerStateDirectory { get; init; } = Connection.ControllerSettings.DefaultStateDirectory;

    /// <summary>The real process: its console streams, environment and terminal detection.</summary>
    public static CliEnvironment FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        Input = Console.In,
        RawOut = Console.OpenStandardOutput(),
        OutIsTerminal = !Console.IsOutputRedirected,
        ErrorIsTerminal = !Console.IsErrorRedirected,
    };
}
