namespace LiquidMetal.Agent.Linux.Host;

/// <summary>How a finished command ended and what it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Standard error, else standard output, trimmed: what to quote in an error message.</summary>
    public string Diagnostic => (StandardError.Trim() is { Length: > 0 } error ? error : StandardOutput.Trim()) is { Length: > 0 } text ? text : $"exit code {ExitCode}";
}
