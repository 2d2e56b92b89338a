namespace LiquidMetal.Cli.Errors;

/// <summary>The process exit codes of <c>lm</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed: an agent error, a failed VM, a bad spec file, a timeout.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown or missing arguments, conflicting options.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;
}
