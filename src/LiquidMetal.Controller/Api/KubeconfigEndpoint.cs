using System.Globalization;
using System.Net;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Validation;

namespace LiquidMetal.Controller.Api;

/// <summary>Where an admin kubeconfig points: the cluster's VIP on the API server port, else its external address.</summary>
internal static class KubeconfigEndpoint
{
    /// <returns>The host (an address or DNS name, no brackets) and port, or null when the cluster declares neither.</returns>
    public static (string Host, int Port)? Of(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var endpoint = cluster.ControlPlane?.Endpoint;
        if (endpoint?.Vip is { } vip && IPAddress.TryParse(vip, out var address))
        {
            return (address.ToString(), ClusterEndpoint.ApiServerPort);
        }

        if (endpoint?.Address is { } given && EndpointSyntax.HostPort(given) is null)
        {
            var rest = given.Contains("://", StringComparison.Ordinal) ? given[(given.IndexOf("://", StringComparison.Ordinal) + 3)..] : given;
            var colon = rest.LastIndexOf(':');
            return (rest[..colon].Trim('[', ']'), int.Parse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture));
        }

        return null;
    }
}
