namespace LiquidMetal.Cli.Errors;

/// <summary>What the user sees for a failure: one <c>error:</c> line, detail lines, a hint, and the exit code.</summary>
internal sealed record ErrorReport(string Message, IReadOnlyList<string> Details, string? Hint, int ExitCode)
{
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"error: {Message}");
        foreach (var detail in Details)
        {
            writer.WriteLine($"  {detail}");
        }

        if (Hint is not null)
        {
            writer.WriteLine($"hint: {Hint}");
        }

        writer.Flush();
    }
}
