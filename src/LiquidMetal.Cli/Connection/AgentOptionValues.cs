namespace LiquidMetal.Cli.Connection;

/// <summary>The connection options exactly as given on the command line (null = not given).</summary>
internal sealed record AgentOptionValues(
    string? Agent = null,
    string? Token = null,
    string? TokenFile = null,
    string? CaFile = null,
    string? CertFile = null,
    string? KeyFile = null,
    bool Insecure = false);
