namespace LiquidMetal.Cli.Files;

/// <summary>
/// A single value as written. <see cref="Value"/> is null for null (YAML <c>~</c>, <c>null</c> or
/// nothing; JSON <c>null</c>). <see cref="IsQuoted"/> tells a quoted string from a plain YAML scalar
/// or a JSON number/boolean; the target field's type decides what the text means.
/// </summary>
internal sealed record SourceScalar(SourceLocation Location, string? Value, bool IsQuoted) : SourceNode(Location)
{
    public bool IsNull => Value is null;

    public override string Kind => IsNull ? "null" : "a value";
}
