using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace LiquidMetal.Controller.Pki;

/// <summary>Checks of names that end up in certificates and kubeconfigs, and the service CIDR's first address.</summary>
internal static partial class PkiNames
{
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex(@"^v?(?<major>[0-9]{1,3})\.(?<minor>[0-9]{1,4})(\.(?<patch>[0-9]{1,6}))?([-+][0-9A-Za-z.+-]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex KubernetesVersionRegex();

    /// <summary>A DNS-1123 subdomain (what Kubernetes allows as a node name): lowercase labels, at most 253 characters.</summary>
    public static bool IsDnsName(string? name) => name is { Length: > 0 and <= 253 } && Dns1123SubdomainRegex().IsMatch(name)
        && name.Split('.').All(label => label.Length <= 63);

    /// <summary>
    /// A host for a SAN or a URL: a DNS name that is not all digits and dots (<c>10.1</c> is a mistyped address, not
    /// a name), or a wildcard one when allowed.
    /// </summary>
    public static bool IsHostName(string? name, bool allowWildcard) =>
        (allowWildcard ? IsDnsNameOrWildcard(name) : IsDnsName(name)) && !name!.All(c => char.IsAsciiDigit(c) || c == '.');

    /// <summary>A DNS name, or a wildcard one (<c>*.example.com</c>) as kubeadm accepts in certSANs.</summary>
    public static bool IsDnsNameOrWildcard(string? name) => IsDnsName(name) || (name is not null && name.StartsWith("*.", StringComparison.Ordinal) && IsDnsName(name[2..]));

    /// <summary>
    /// A literal IPv4 address in dotted-quad form (no short forms like <c>10.1</c>, no leading zeros) or an IPv6
    /// address without a zone.
    /// </summary>
    public static bool TryParseAddress(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text) || text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork && !string.Equals(parsed.ToString(), text, StringComparison.Ordinal))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetworkV6 && !text.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Parses <c>v1.30.14</c>, <c>1.30</c>, <c>v1.31.0-rc.1</c>; null when it is none of these.</summary>
    public static Version? ParseKubernetesVersion(string? version)
    {
        var match = version is null ? null : KubernetesVersionRegex().Match(version);
        return match is { Success: true }
            ? new Version(int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>kubeadm's GetAPIServerVirtualIP: the network address + 1 of the first CIDR of a (dual-stack, comma-separated) service subnet.</summary>
    public static IPAddress? FirstServiceAddress(string? serviceCidr)
    {
        var first = serviceCidr?.Split(',')[0].Trim();
        if (first is null || !IPNetwork.TryParse(first, out var network))
        {
            return null;
        }

        var bytes = network.BaseAddress.GetAddressBytes();
        var hostBits = bytes.Length * 8 - network.PrefixLength;
        if (hostBits < 2 && network.BaseAddress.AddressFamily == AddressFamily.InterNetwork || hostBits < 1)
        {
            return null;
        }

        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (++bytes[i] != 0)
            {
                break;
            }
        }

        return new IPAddress(bytes);
    }
}
