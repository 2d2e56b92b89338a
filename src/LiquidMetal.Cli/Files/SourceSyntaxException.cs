namespace LiquidMetal.Cli.Files;

/// <summary>The file is not well-formed YAML or JSON.</summary>
internal sealed class SourceSyntaxException : Exception
{
    public SourceSyntaxException() { }

    public SourceSyntaxException(string message) : base(message) { }

    public SourceSyntaxException(string message, Exception innerException) : base(message, innerException) { }

    public SourceSyntaxException(SourceLocation? location, string message, Exception? innerException = null)
        : base(message, innerException) => Location = location;

    public SourceLocation? Location { get; }
}
