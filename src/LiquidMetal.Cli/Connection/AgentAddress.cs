using LiquidMetal.Api.Client;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Connection;

/// <summary>
/// An address as given with a flag (<c>--agent</c>, <c>--controller</c>): the shared <see cref="ServerAddress"/>
/// (<c>https://host:port</c>, <c>http://host:port</c> with <c>--insecure</c>, a bare <c>host[:port]</c>, or
/// <c>unix:///path/to.sock</c>) and the text the user gave, for messages.
/// </summary>
internal sealed record AgentAddress
{
    public const int DefaultPort = 9090;

    private AgentAddress(string display, ServerAddress address)
    {
        Display = display;
        Server = address;
    }

    /// <summary>The address as the user gave it, for messages.</summary>
    public string Display { get; }

    public ServerAddress Server { get; }

    /// <summary>The address handed to the gRPC channel (for a unix socket, a placeholder authority).</summary>
    public Uri ChannelUri => Server.ChannelUri;

    /// <summary>The unix socket's path, or null for a TCP address.</summary>
    public string? SocketPath => Server.SocketPath;

    public bool IsUnixSocket => Server.IsUnixSocket;

    /// <summary>True when the connection is TLS: https addresses. Unix sockets and http addresses are plaintext.</summary>
    public bool UsesTls => Server.UsesTls;

    /// <summary>
    /// Parses an address given with <paramref name="option"/>. <paramref name="insecure"/> is <c>--insecure</c>: it is
    /// required for http:// addresses, makes bare host:port addresses plaintext, and cannot be combined with https://.
    /// A bare host, or a scheme without a port, gets <paramref name="defaultPort"/>.
    /// </summary>
    public static AgentAddress Parse(string value, bool insecure, string option = "--agent", int defaultPort = DefaultPort)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            return new AgentAddress(value, ServerAddress.Parse(value, insecure, defaultPort, allowUnixSocket: true));
        }
        catch (ServerAddressException e)
        {
            throw new UsageException(e.Problem switch
            {
                ServerAddressProblem.Empty => $"{option} is empty; give an address such as https://127.0.0.1:{defaultPort}",
                ServerAddressProblem.UnsupportedScheme => $"{option} \"{value}\": unsupported scheme \"{e.Detail}\"; use https://, http:// (with --insecure) or unix://",
                ServerAddressProblem.NotHostAndPort => $"{option} \"{value}\": an address has no path; use scheme://host:port",
                ServerAddressProblem.PlaintextNeedsInsecure => $"{option} \"{value}\" is plaintext http://; add --insecure to talk plaintext HTTP/2, or use https://",
                ServerAddressProblem.TlsButInsecure => $"--insecure talks plaintext HTTP/2, but {option} \"{value}\" asks for TLS; use http://{e.Detail} or drop --insecure",
                ServerAddressProblem.NoSocketPath => $"{option} \"{value.Trim()}\" names no socket; use unix:///path/to.sock",
                _ => $"{option} \"{value}\" is not an address; use https://host:port, http://host:port (with --insecure) or unix:///path/to.sock",
            }, e);
        }
    }

    public override string ToString() => Display;
}
