namespace LiquidMetal.Cli.Files;

internal enum FileFormat
{
    Yaml,
    Json,
}
