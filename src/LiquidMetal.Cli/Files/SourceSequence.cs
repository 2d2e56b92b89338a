namespace LiquidMetal.Cli.Files;

/// <summary>A YAML sequence or JSON array.</summary>
internal sealed record SourceSequence(SourceLocation Location, IReadOnlyList<SourceNode> Items) : SourceNode(Location)
{
    public override string Kind => "a list";
}
