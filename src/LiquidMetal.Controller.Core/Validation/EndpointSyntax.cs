using System.Globalization;
using System.Text.RegularExpressions;
using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>Syntax of <c>host:port</c> endpoints. Each check returns null when fine, else what is wrong.</summary>
public static partial class EndpointSyntax
{
    [GeneratedRegex("^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")]
    private static partial Regex DnsNameRegex();

    /// <summary><c>host:port</c>, <c>[v6]:port</c>, optionally prefixed with <c>https://</c> or <c>http://</c>.</summary>
    public static string? HostPort(string? value)
    {
        const string Expected = "must be host:port (e.g. 10.0.0.11:9090, sled-1.example:9090 or [fd00::11]:9090)";
        if (string.IsNullOrEmpty(value))
        {
            return "is required";
        }

        var rest = value.StartsWith("https://", StringComparison.Ordinal) ? value[8..]
            : value.StartsWith("http://", StringComparison.Ordinal) ? value[7..]
            : value;
        var colon = rest.LastIndexOf(':');
        if (colon <= 0)
        {
            return Expected;
        }

        var host = rest[..colon];
        if (!int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return $"{Expected}; the port must be 1-65535";
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return Syntax.IpAddress(host[1..^1]) is null && host.Contains(':', StringComparison.Ordinal) ? null : Expected;
        }

        return !host.Contains(':', StringComparison.Ordinal) && (Syntax.IpAddress(host) is null || DnsNameRegex().IsMatch(host)) ? null : Expected;
    }
}
