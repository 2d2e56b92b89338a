using System.Globalization;
using System.Net;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>
/// Control-plane endpoints must be unique across clusters: a VIP's address may be no other cluster's VIP nor the host of
/// its address (kube-vip owns the whole IP), and an address (<c>host:port</c>) no other cluster's.
/// </summary>
internal sealed class EndpointClashes
{
    private readonly Dictionary<string, (string Cluster, ManifestLocation Location)> _ips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Cluster, ManifestLocation Location)> _addresses = new(StringComparer.OrdinalIgnoreCase);

    public void Check(ManifestErrors errors, Cluster cluster, ManifestLocation location)
    {
        if (cluster.ControlPlane?.Endpoint is not { } endpoint)
        {
            return;
        }

        if (endpoint is { Vip: { } vip, Address: null } && Syntax.IpAddress(vip) is null)
        {
            var ip = IPAddress.Parse(vip).ToString();
            var first = Find(_ips, ip) ?? Find(_addresses, ip, anyPort: true);
            if (first is { } clash)
            {
                errors.Add("spec.controlPlane.endpoint.vip", $"{vip} is already the endpoint of Cluster {clash.Cluster} ({clash.Location})");
                return;
            }

            _ips[ip] = (cluster.Name, location);
        }
        else if (endpoint is { Address: { } address, Vip: null } && EndpointSyntax.HostPort(address) is null)
        {
            var (host, port) = Split(address);
            var key = string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
            var first = Find(_addresses, key) ?? Find(_ips, host);
            if (first is { } clash)
            {
                errors.Add("spec.controlPlane.endpoint.address", $"{address} is already the endpoint of Cluster {clash.Cluster} ({clash.Location})");
                return;
            }

            _addresses[key] = (cluster.Name, location);
        }
    }

    private static (string Cluster, ManifestLocation Location)? Find(Dictionary<string, (string, ManifestLocation)> seen, string key, bool anyPort = false)
    {
        if (!anyPort)
        {
            return seen.TryGetValue(key, out var hit) ? hit : null;
        }

        foreach (var (address, hit) in seen)
        {
            if (string.Equals(address[..address.LastIndexOf(':')], key, StringComparison.OrdinalIgnoreCase))
            {
                return hit;
            }
        }

        return null;
    }

    /// <summary>Host (an IP in canonical form, or a lowercase name) and port of a valid <c>[scheme://]host:port</c>.</summary>
    private static (string Host, int Port) Split(string address)
    {
        var rest = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
        var colon = rest.LastIndexOf(':');
        var host = rest[..colon].Trim('[', ']');
        var port = int.Parse(rest.AsSpan(colon + 1), CultureInfo.InvariantCulture);
        return (IPAddress.TryParse(host, out var ip) ? ip.ToString() : host.ToLowerInvariant(), port);
    }
}
