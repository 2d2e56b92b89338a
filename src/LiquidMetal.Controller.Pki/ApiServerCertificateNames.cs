using System.Net;

namespace LiquidMetal.Controller.Pki;

/// <summary>What kubeadm's apiserver certificate names (GetAPIServerAltNames) for one control-plane node.</summary>
public sealed record ApiServerCertificateNames
{
    /// <summary>The node's name (DNS-1123 subdomain).</summary>
    public required string NodeName { get; init; }

    /// <summary>The node's addresses; the first is its advertise address. At least one.</summary>
    public required IReadOnlyList<IPAddress> NodeAddresses { get; init; }

    /// <summary>The service subnet (kubeadm's default <c>10.96.0.0/12</c>); its first address is the <c>kubernetes</c> service's.</summary>
    public string ServiceCidr { get; init; } = "10.96.0.0/12";

    /// <summary>The cluster's DNS domain (default <c>cluster.local</c>).</summary>
    public string DnsDomain { get; init; } = "cluster.local";

    /// <summary>The control-plane endpoint's host: its VIP or DNS name (no port); null for none.</summary>
    public string? EndpointHost { get; init; }

    /// <summary>More names or addresses (kubeadm's <c>apiServer.certSANs</c>).</summary>
    public IReadOnlyList<string> ExtraSans { get; init; } = [];
}
