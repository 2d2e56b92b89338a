using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Connection;

/// <summary>
/// Where an agent (or the controller) listens: a TCP endpoint (<c>https://host:port</c>, <c>http://host:port</c>
/// with <c>--insecure</c>, or a bare <c>host[:port]</c>) or a unix socket (<c>unix:///path/to.sock</c>).
/// </summary>
internal sealed record AgentAddress
{
    public const int DefaultPort = 9090;

    private AgentAddress(string display, Uri channelUri, string? socketPath)
    {
        Display = display;
        ChannelUri = channelUri;
        SocketPath = socketPath;
    }

    /// <summary>The address as the user gave it, for messages.</summary>
    public string Display { get; }

    /// <summary>The address handed to the gRPC channel (for a unix socket, a placeholder authority).</summary>
    public Uri ChannelUri { get; }

    /// <summary>The unix socket's path, or null for a TCP address.</summary>
    public string? SocketPath { get; }

    public bool IsUnixSocket => SocketPath is not null;

    /// <summary>True when the connection is TLS: https addresses. Unix sockets and http addresses are plaintext.</summary>
    public bool UsesTls => ChannelUri.Scheme == Uri.UriSchemeHttps;

    /// <summary>
    /// Parses an address given with <paramref name="option"/>. <paramref name="insecure"/> is <c>--insecure</c>: it is
    /// required for http:// addresses, makes bare host:port addresses plaintext, and cannot be combined with https://.
    /// A bare host, or a scheme without a port, gets <paramref name="defaultPort"/>.
    /// </summary>
    public static AgentAddress Parse(string value, bool insecure, string option = "--agent", int defaultPort = DefaultPort)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.Length == 0)
        {
            throw new UsageException($"{option} is empty; give an address such as https://127.0.0.1:{defaultPort}");
        }

        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return ParseUnix(text, option);
        }

        var hasScheme = text.Contains("://", StringComparison.Ordinal);
        var candidate = hasScheme ? text : (insecure ? "http://" : "https://") + text;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new UsageException($"{option} \"{value}\" is not an address; use https://host:port, http://host:port (with --insecure) or unix:///path/to.sock");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new UsageException($"{option} \"{value}\": unsupported scheme \"{uri.Scheme}\"; use https://, http:// (with --insecure) or unix://");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new UsageException($"{option} \"{value}\": an address has no path; use scheme://host:port");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !insecure)
        {
            throw new UsageException($"{option} \"{value}\" is plaintext http://; add --insecure to talk plaintext HTTP/2, or use https://");
        }

        if (uri.Scheme == Uri.UriSchemeHttps && insecure)
        {
            throw new UsageException($"--insecure talks plaintext HTTP/2, but {option} \"{value}\" asks for TLS; use http://{uri.Authority} or drop --insecure");
        }

        // A bare host or an explicit scheme without a port gets the agent's port, not 80/443.
        var port = HasExplicitPort(text, hasScheme) ? uri.Port : defaultPort;
        var channelUri = new UriBuilder(uri.Scheme, uri.Host, port).Uri;
        return new AgentAddress(value, channelUri, socketPath: null);
    }

    private static AgentAddress ParseUnix(string text, string option)
    {
        // unix:///abs/path, unix:/abs/path and unix:relative/path are all in use; accept them all.
        var rest = text["unix:".Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            rest = rest[2..];
        }

        if (rest.Length == 0)
        {
            throw new UsageException($"{option} \"{text}\" names no socket; use unix:///path/to.sock");
        }

        return new AgentAddress(text, new Uri("http://localhost"), Path.GetFullPath(rest));
    }

    private static bool HasExplicitPort(string text, bool hasScheme)
    {
        var authority = hasScheme ? text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..] : text;
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            authority = authority[..slash];
        }

        // [::1]:9090 or host:9090; a bare IPv6 literal in brackets has no port.
        var closingBracket = authority.LastIndexOf(']');
        var colon = authority.LastIndexOf(':');
        return colon > closingBracket;
    }

    public override string ToString() => Display;
}
