namespace LiquidMetal.Cli.Errors;

/// <summary>The command line itself is wrong (conflicting or malformed options); exits with code 2.</summary>
public sealed class UsageException : CliException
{
    public UsageException() : this("invalid usage") { }

    public UsageException(string message) : base(message, hint: null, ExitCodes.Usage) { }

    public UsageException(string message, Exception innerException)
        : base(message, hint: null, ExitCodes.Usage, innerException) { }
}
