namespace LiquidMetal.Cli.Files;

/// <summary>One problem in a spec file: where, which field (as written in the file), and what is wrong.</summary>
internal sealed record SpecFileError(SourceLocation? Location, string? Field, string Message)
{
    public string Format(string sourceName)
    {
        var where = Location is { } location ? $"{sourceName}:{location}" : sourceName;
        return Field is null ? $"{where}: {Message}" : $"{where}: {Field}: {Message}";
    }
}
