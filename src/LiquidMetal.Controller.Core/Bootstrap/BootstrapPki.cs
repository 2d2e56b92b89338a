namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// The cluster's shared PKI as PEM text, with kubeadm's file names. Control-plane nodes get every CA with its key and the
/// service-account key pair (kubeadm then issues each node's own certificates from them); workers get none of it, only
/// <see cref="CaCertificateHash"/> to pin the cluster CA during discovery.
/// </summary>
public sealed record BootstrapPki
{
    /// <summary><c>sha256:</c> and the hex SHA-256 of the cluster CA's SubjectPublicKeyInfo (kubeadm's <c>--discovery-token-ca-cert-hash</c>).</summary>
    public required string CaCertificateHash { get; init; }

    /// <summary><c>ca.crt</c> / <c>ca.key</c>: the cluster CA.</summary>
    public string? CaCertificate { get; init; }
    public string? CaKey { get; init; }

    /// <summary><c>etcd/ca.crt</c> / <c>etcd/ca.key</c>.</summary>
    public string? EtcdCaCertificate { get; init; }
    public string? EtcdCaKey { get; init; }

    /// <summary><c>front-proxy-ca.crt</c> / <c>front-proxy-ca.key</c>.</summary>
    public string? FrontProxyCaCertificate { get; init; }
    public string? FrontProxyCaKey { get; init; }

    /// <summary><c>sa.pub</c> / <c>sa.key</c>: the service-account token signing key pair.</summary>
    public string? ServiceAccountPublicKey { get; init; }
    public string? ServiceAccountKey { get; init; }

    /// <summary>What a worker needs: the hash alone.</summary>
    public BootstrapPki ForWorker() => new() { CaCertificateHash = CaCertificateHash };

    /// <summary>Never key material.</summary>
    public override string ToString() => $"BootstrapPki {{ CaCertificateHash = {CaCertificateHash} }}";
}
