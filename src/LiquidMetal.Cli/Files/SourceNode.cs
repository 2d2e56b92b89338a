namespace LiquidMetal.Cli.Files;

/// <summary>
/// A parsed YAML or JSON document with the position of every node, so that errors can name the line.
/// Both file formats are read into this one shape and then converted the same way.
/// </summary>
internal abstract record SourceNode(SourceLocation Location)
{
    public abstract string Kind { get; }
}
