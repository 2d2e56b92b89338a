using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// Generates a cluster's PKI as <c>kubeadm init phase certs</c> would: three self-signed CAs (<c>kubernetes</c>,
/// <c>etcd-ca</c>, <c>front-proxy-ca</c>; basicConstraints CA:TRUE and keyUsage digitalSignature, keyEncipherment,
/// keyCertSign, both critical; SAN DNS = CN; subject key identifier; random 63-bit serial; notBefore backdated
/// 5 minutes; 10 years) and the service-account key pair. Key generation is most of the cost (an RSA 2048 key
/// takes tens of milliseconds): time it apart from rendering.
/// </summary>
public sealed class ClusterPkiGenerator
{
    /// <summary>kubeadm's CACertificateValidityPeriod: 10 years of 365 days.</summary>
    public static readonly TimeSpan DefaultCaLifetime = TimeSpan.FromDays(365 * 10);

    public const string ClusterCaCommonName = "kubernetes";
    public const string EtcdCaCommonName = "etcd-ca";
    public const string FrontProxyCaCommonName = "front-proxy-ca";

    private readonly TimeProvider _timeProvider;

    public ClusterPkiGenerator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    public ClusterPki Generate(KeyAlgorithm algorithm = KeyAlgorithm.Rsa2048, TimeSpan? caLifetime = null)
    {
        var lifetime = caLifetime ?? DefaultCaLifetime;
        using var serviceAccountKey = PkiKeys.Generate(algorithm);
        return new ClusterPki(
            GenerateCa(ClusterCaCommonName, algorithm, lifetime),
            GenerateCa(EtcdCaCommonName, algorithm, lifetime),
            GenerateCa(FrontProxyCaCommonName, algorithm, lifetime),
            PkiKeys.ExportPrivateKeyPem(serviceAccountKey),
            PkiKeys.ExportPublicKeyPem(serviceAccountKey));
    }

    /// <summary>One self-signed CA with kubeadm's extensions.</summary>
    public CertificateAndKey GenerateCa(string commonName, KeyAlgorithm algorithm, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        if (lifetime <= PkiCertificates.Backdate)
        {
            throw new PkiException(PkiErrorCode.InvalidRequest, $"caLifetime: must be longer than {PkiCertificates.Backdate} (got {lifetime})");
        }

        var now = CertificateFactory.Truncate(_timeProvider.GetUtcNow());
        using var key = PkiKeys.Generate(algorithm);
        var subject = CertificateFactory.Subject(commonName, []);
        var usage = key is RSA
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign
            : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign;
        using var certificate = CertificateFactory.Create(subject, key, subject, key, issuerKeyIdentifier: null, certificateAuthority: true,
            usage, CertificateUsages.None, [commonName], [], now - PkiCertificates.Backdate, now + lifetime);
        return new CertificateAndKey(PkiCertificates.ToPem(certificate), PkiKeys.ExportPrivateKeyPem(key));
    }
}
