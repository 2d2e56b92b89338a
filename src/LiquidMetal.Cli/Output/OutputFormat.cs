namespace LiquidMetal.Cli.Output;

/// <summary>What <c>-o</c> selects: a table for people, or protobuf JSON/YAML for programs.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Yaml,
}
