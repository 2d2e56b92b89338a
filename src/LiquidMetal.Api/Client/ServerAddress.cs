namespace LiquidMetal.Api.Client;

/// <summary>
/// Where a gRPC server (a host agent, the controller) listens, as its clients accept it: <c>https://host:port</c>,
/// <c>http://host:port</c> (only when insecure), a bare <c>host[:port]</c> (TLS, or plaintext when insecure), or
/// <c>unix:///path/to.sock</c> where allowed. A missing port is the server's default, never 80/443. Shared by
/// <c>lm</c> and the controller's agent client, which word the problems for their own settings.
/// </summary>
/// <param name="ChannelUri">What the gRPC channel dials (a placeholder authority for a unix socket).</param>
/// <param name="SocketPath">The unix socket's absolute path; null for TCP.</param>
public sealed record ServerAddress(Uri ChannelUri, string? SocketPath)
{
    public bool IsUnixSocket => SocketPath is not null;

    /// <summary>TLS for https addresses; unix sockets and http addresses are plaintext.</summary>
    public bool UsesTls => ChannelUri.Scheme == Uri.UriSchemeHttps;

    /// <exception cref="ServerAddressException">The address is refused; its problem says why.</exception>
    public static ServerAddress Parse(string? text, bool insecure, int defaultPort, bool allowUnixSocket)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0 || value.Any(char.IsControl))
        {
            throw new ServerAddressException(ServerAddressProblem.Empty, "", text ?? "");
        }

        if (value.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return allowUnixSocket ? ParseUnix(value) : throw new ServerAddressException(ServerAddressProblem.UnsupportedScheme, "unix", value);
        }

        var hasScheme = value.Contains("://", StringComparison.Ordinal);
        if (!Uri.TryCreate(hasScheme ? value : (insecure ? "http://" : "https://") + value, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ServerAddressException(ServerAddressProblem.NotAnAddress, "", value);
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ServerAddressException(ServerAddressProblem.UnsupportedScheme, uri.Scheme, value);
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new ServerAddressException(ServerAddressProblem.NotHostAndPort, "", value);
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !insecure)
        {
            throw new ServerAddressException(ServerAddressProblem.PlaintextNeedsInsecure, "", value);
        }

        if (uri.Scheme == Uri.UriSchemeHttps && insecure)
        {
            throw new ServerAddressException(ServerAddressProblem.TlsButInsecure, uri.Authority, value);
        }

        var port = HasExplicitPort(hasScheme ? value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..] : value) ? uri.Port : defaultPort;
        return new ServerAddress(new UriBuilder(uri.Scheme, uri.Host, port).Uri, SocketPath: null);
    }

    private static ServerAddress ParseUnix(string value)
    {
        // unix:///abs/path, unix:/abs/path and unix:relative/path are all in use; accept them all.
        var rest = value["unix:".Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            rest = rest[2..];
        }

        return rest.Length == 0
            ? throw new ServerAddressException(ServerAddressProblem.NoSocketPath, "", value)
            : new ServerAddress(new Uri("http://localhost"), Path.GetFullPath(rest));
    }

    /// <summary>host:9090 or [::1]:9090 has a port; a bare IPv6 literal in brackets has none.</summary>
    private static bool HasExplicitPort(string authority)
    {
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        authority = slash >= 0 ? authority[..slash] : authority;
        return authority.LastIndexOf(':') > authority.LastIndexOf(']');
    }
}
