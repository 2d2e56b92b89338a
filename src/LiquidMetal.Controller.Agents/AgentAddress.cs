using LiquidMetal.Api.Client;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Agents;

/// <summary>
/// A host's agent address (the shared <see cref="ServerAddress"/>, TCP only): "https://host:port", "host:port" (TLS, or
/// plaintext when insecure) or "http://host:port" (insecure only). A missing port is the agent's 9090.
/// </summary>
internal static class AgentAddress
{
    public const int DefaultPort = 9090;

    public static ServerAddress Parse(string address, bool insecure)
    {
        try
        {
            return ServerAddress.Parse(address, insecure, DefaultPort, allowUnixSocket: false);
        }
        catch (ServerAddressException e)
        {
            var problem = e.Problem switch
            {
                ServerAddressProblem.Empty => "is empty or holds control characters; give host:port or https://host:port",
                ServerAddressProblem.UnsupportedScheme => $"has scheme {e.Detail}://; use https:// (or http:// for an insecure agent)",
                ServerAddressProblem.NotHostAndPort => "may have only a host and a port",
                ServerAddressProblem.PlaintextNeedsInsecure => "is plaintext http://; mark the host's agent insecure or use https://",
                ServerAddressProblem.TlsButInsecure => "asks for TLS but the host's agent is marked insecure; use http:// or drop insecure",
                _ => "is not an address; give host:port or https://host:port",
            };
            throw new HostAgentException(HostAgentErrorCode.InvalidConfiguration, $"Agent address \"{address}\" {problem}", e);
        }
    }
}
