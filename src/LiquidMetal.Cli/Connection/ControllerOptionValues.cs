namespace LiquidMetal.Cli.Connection;

/// <summary>The controller connection options exactly as given on the command line (null = not given).</summary>
internal sealed record ControllerOptionValues(
    string? Controller = null,
    string? CaFile = null,
    string? TokenFile = null,
    string? Token = null,
    bool Insecure = false);
