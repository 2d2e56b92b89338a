namespace LiquidMetal.Cli.Errors;

/// <summary>
/// A failure the CLI explains itself: one line for <c>error:</c>, an optional hint, and the exit code.
/// </summary>
public class CliException : Exception
{
    public CliException() : this("command failed") { }

    public CliException(string message) : this(message, hint: null) { }

    public CliException(string message, Exception innerException) : base(message, innerException) { }

    public CliException(string message, string? hint, int exitCode = ExitCodes.Failure, Exception? innerException = null)
        : base(message, innerException)
    {
        Hint = hint;
        ExitCode = exitCode;
    }

    public string? Hint { get; }

    /// <summary>Lines printed under the error, e.g. every manifest error the controller found.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    public int ExitCode { get; } = ExitCodes.Failure;
}
