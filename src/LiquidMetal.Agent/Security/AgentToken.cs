namespace LiquidMetal.Agent.Security;

/// <summary>The API token clients must present; null when authentication is explicitly disabled.</summary>
internal sealed record AgentToken(string? Value);
