namespace LiquidMetal.Controller.Core.Model;

/// <summary>How the controller reaches a host's agent: host:port, the CA to trust, and where its token lives.</summary>
public sealed record AgentConnection
{
    /// <summary><c>host:port</c> or <c>https://host:port</c>.</summary>
    public required string Endpoint { get; init; }
    public string? CaFile { get; init; }
    public string? TokenFile { get; init; }

    /// <summary>Name of a secret the controller's secret store resolves (alternative to <see cref="TokenFile"/>).</summary>
    public string? TokenSecretRef { get; init; }
}
