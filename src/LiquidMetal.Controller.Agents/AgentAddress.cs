using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Agents;

/// <summary>
/// Turns a host's agent address into the URI the channel dials: "https://host:port", "host:port"
/// (TLS, or plaintext when insecure) or "http://host:port" (insecure only). A missing port is the agent's 9090.
/// </summary>
internal static class AgentAddress
{
    public const int DefaultPort = 9090;

    public static Uri Parse(string address, bool insecure)
    {
        var text = address?.Trim() ?? "";
        if (text.Length == 0 || text.Any(char.IsControl))
        {
            throw Invalid(address, "is empty or holds control characters; give host:port or https://host:port");
        }

        var hasScheme = text.Contains("://", StringComparison.Ordinal);
        if (!Uri.TryCreate(hasScheme ? text : (insecure ? "http://" : "https://") + text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw Invalid(address, "is not an address; give host:port or https://host:port");
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            throw Invalid(address, $"has scheme {uri.Scheme}://; use https:// (or http:// for an insecure agent)");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw Invalid(address, "may have only a host and a port");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !insecure)
        {
            throw Invalid(address, "is plaintext http://; mark the host's agent insecure or use https://");
        }

        if (uri.Scheme == Uri.UriSchemeHttps && insecure)
        {
            throw Invalid(address, "asks for TLS but the host's agent is marked insecure; use http:// or drop insecure");
        }

        var port = HasPort(hasScheme ? text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..] : text) ? uri.Port : DefaultPort;
        return new UriBuilder(uri.Scheme, uri.Host, port).Uri;
    }

    private static bool HasPort(string authority)
    {
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        authority = slash >= 0 ? authority[..slash] : authority;
        return authority.LastIndexOf(':') > authority.LastIndexOf(']');
    }

    private static HostAgentException Invalid(string? address, string problem) =>
        new(HostAgentErrorCode.InvalidConfiguration, $"Agent address \"{address}\" {problem}");
}
