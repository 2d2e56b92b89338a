namespace LiquidMetal.Cli.Files;

/// <summary>A YAML mapping or JSON object, entries in file order.</summary>
internal sealed record SourceMapping(SourceLocation Location, IReadOnlyList<SourceEntry> Entries) : SourceNode(Location)
{
    public override string Kind => "a mapping";
}
