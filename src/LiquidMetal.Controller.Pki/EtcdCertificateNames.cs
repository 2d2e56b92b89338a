using System.Net;

namespace LiquidMetal.Controller.Pki;

/// <summary>What kubeadm's etcd server and peer certificates name for one control-plane node.</summary>
public sealed record EtcdCertificateNames
{
    /// <summary>The node's name, also the certificates' CN (DNS-1123 subdomain).</summary>
    public required string NodeName { get; init; }

    /// <summary>The node's addresses; the first is its advertise address. At least one.</summary>
    public required IReadOnlyList<IPAddress> NodeAddresses { get; init; }

    /// <summary>More names or addresses (kubeadm's <c>etcd.local.serverCertSANs</c> / <c>peerCertSANs</c>).</summary>
    public IReadOnlyList<string> ExtraSans { get; init; } = [];
}
