using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// A cluster's PKI, generated once and kept by the controller: kubeadm's <c>ca</c>, <c>etcd/ca</c> and
/// <c>front-proxy-ca</c> with their keys, and the service-account key pair (<c>sa.key</c>, <c>sa.pub</c>).
/// Control-plane nodes get all of it, so kubeadm mints their leaf certificates itself. <see cref="ToString"/>
/// leaves every private key out.
/// </summary>
public sealed record ClusterPki(
    CertificateAndKey ClusterCa,
    CertificateAndKey EtcdCa,
    CertificateAndKey FrontProxyCa,
    string ServiceAccountPrivateKeyPem,
    string ServiceAccountPublicKeyPem)
{
    /// <summary>kubeadm's <c>--discovery-token-ca-cert-hash</c> for <see cref="ClusterCa"/> (<c>sha256:&lt;hex&gt;</c>).</summary>
    public string CaCertHash => DiscoveryTokenCaCertHash.Compute(ClusterCa.CertificatePem);

    /// <summary>What the bootstrap renderer delivers to a node: every PEM, and the CA hash for joins.</summary>
    public BootstrapPki ToBootstrapPki() => new()
    {
        CaCertificateHash = CaCertHash,
        CaCertificate = ClusterCa.CertificatePem,
        CaKey = ClusterCa.PrivateKeyPem,
        EtcdCaCertificate = EtcdCa.CertificatePem,
        EtcdCaKey = EtcdCa.PrivateKeyPem,
        FrontProxyCaCertificate = FrontProxyCa.CertificatePem,
        FrontProxyCaKey = FrontProxyCa.PrivateKeyPem,
        ServiceAccountPublicKey = ServiceAccountPublicKeyPem,
        ServiceAccountKey = ServiceAccountPrivateKeyPem,
    };

    public override string ToString() => "ClusterPki { ClusterCa, EtcdCa, FrontProxyCa, ServiceAccount key pair; private keys (redacted) }";
}
