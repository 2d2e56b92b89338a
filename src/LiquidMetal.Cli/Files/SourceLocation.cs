namespace LiquidMetal.Cli.Files;

/// <summary>A 1-based line and column in a spec file.</summary>
internal readonly record struct SourceLocation(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
