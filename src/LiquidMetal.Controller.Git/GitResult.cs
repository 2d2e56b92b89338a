namespace LiquidMetal.Controller.Git;

/// <summary>A finished git command.</summary>
internal sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>git's last error line, for messages ("fatal: ..." without the prefix).</summary>
    public string Error =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() is { } line
            ? (line.StartsWith("fatal: ", StringComparison.Ordinal) ? line[7..] : line)
            : $"exit code {ExitCode}";
}
