namespace LiquidMetal.Cli.Files;

/// <summary>A spec file could not be read; carries every problem found, each with its line and field.</summary>
public sealed class SpecFileException : Exception
{
    public SpecFileException() : this("invalid spec file", []) { }

    public SpecFileException(string message) : this(message, [message]) { }

    public SpecFileException(string message, Exception innerException) : base(message, innerException) => Problems = [message];

    public SpecFileException(string message, IReadOnlyList<string> problems) : base(message) => Problems = problems;

    /// <summary>One line per problem, formatted <c>file:line:column: field: message</c>.</summary>
    public IReadOnlyList<string> Problems { get; }
}
