using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// Writes a kubeconfig (YAML) with one cluster, one user authenticated by an embedded client certificate and one
/// context, as kubeadm writes admin.conf: <c>certificate-authority-data</c>, <c>client-certificate-data</c> and
/// <c>client-key-data</c> hold base64 of the PEM. Every name is quoted (a cluster called <c>true</c> stays a string).
/// </summary>
public static class KubeconfigBuilder
{
    /// <summary>The API server's port unless told otherwise.</summary>
    public const int DefaultPort = 6443;

    /// <param name="clusterName">The cluster's name (also the kubeconfig's cluster entry).</param>
    /// <param name="endpointHost">The control-plane endpoint: VIP, address or DNS name, no port.</param>
    /// <param name="userName">The user entry's name; the context is <c>&lt;user&gt;@&lt;cluster&gt;</c>.</param>
    public static string Build(string clusterName, string endpointHost, int port, string caCertificatePem, string userName, CertificateAndKey client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var errors = new List<string>();
        if (!PkiNames.IsDnsName(clusterName))
        {
            errors.Add($"clusterName: must be a lowercase DNS name (got '{clusterName}')");
        }

        if (!PkiNames.IsDnsName(userName))
        {
            errors.Add($"userName: must be a lowercase DNS name (got '{userName}')");
        }

        var server = Server(endpointHost, port, errors);
        if (errors.Count > 0)
        {
            throw new PkiException(PkiErrorCode.InvalidRequest, $"The kubeconfig cannot be made: {string.Join("; ", errors)}");
        }

        using (PkiCertificates.Load(caCertificatePem, "the cluster CA"))
        using (PkiCertificates.LoadWithKey(client, "the client"))
        {
        }

        var context = $"{userName}@{clusterName}";
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\n")
            .Append("kind: Config\n")
            .Append("clusters:\n")
            .Append("- name: \"").Append(clusterName).Append("\"\n")
            .Append("  cluster:\n")
            .Append("    server: \"").Append(server).Append("\"\n")
            .Append("    certificate-authority-data: ").Append(Base64(caCertificatePem)).Append('\n')
            .Append("users:\n")
            .Append("- name: \"").Append(userName).Append("\"\n")
            .Append("  user:\n")
            .Append("    client-certificate-data: ").Append(Base64(client.CertificatePem)).Append('\n')
            .Append("    client-key-data: ").Append(Base64(client.PrivateKeyPem)).Append('\n')
            .Append("contexts:\n")
            .Append("- name: \"").Append(context).Append("\"\n")
            .Append("  context:\n")
            .Append("    cluster: \"").Append(clusterName).Append("\"\n")
            .Append("    user: \"").Append(userName).Append("\"\n")
            .Append("current-context: \"").Append(context).Append("\"\n")
            .Append("preferences: {}\n");
        return yaml.ToString();
    }

    /// <summary><c>https://host:port</c>, an IPv6 address in brackets.</summary>
    internal static string Server(string endpointHost, int port, List<string> errors)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add($"port: must be 1-65535 (got {port})");
        }

        var portText = port.ToString(CultureInfo.InvariantCulture);
        if (PkiNames.TryParseAddress(endpointHost, out var address))
        {
            return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"https://[{address}]:{portText}" : $"https://{address}:{portText}";
        }

        if (!PkiNames.IsHostName(endpointHost, allowWildcard: false))
        {
            errors.Add($"endpointHost: must be an IP address or a lowercase DNS name without a port (got '{endpointHost}')");
        }

        return $"https://{endpointHost}:{portText}";
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
}
