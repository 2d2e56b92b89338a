namespace LiquidMetal.Controller.Core.Ports;

/// <summary>How to reach and authenticate to one host agent.</summary>
/// <param name="Address">"https://host:port", "host:port" (TLS, or plaintext when <paramref name="Insecure"/>), or "http://host:port" (needs <paramref name="Insecure"/>).</param>
/// <param name="CaFile">PEM file with the CA that signed the agent's certificate (the agent generates one at state/tls/ca.crt); null trusts the system roots only.</param>
/// <param name="Token">The agent's API token, sent as "authorization: Basic base64(token)"; null sends none.</param>
/// <param name="Insecure">Plaintext HTTP/2, for agents started with --insecure.</param>
public sealed record HostAgentEndpoint(string Address, string? CaFile = null, string? Token = null, bool Insecure = false)
{
    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"{Address}{(Insecure ? " (insecure)" : "")}";
}
