using System.Security.Cryptography;
using System.Text;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// Turns a <see cref="ClusterPki"/> into what <see cref="IClusterPkiStore"/> keeps and back: certificates and the
/// public key as they are, each private key sealed with the operator's key and bound to its cluster and its
/// kubeadm file name (<c>ca.key</c>, <c>etcd/ca.key</c>, <c>front-proxy-ca.key</c>, <c>sa.key</c>), so a key
/// moved to another cluster or item does not open.
/// </summary>
public sealed class ClusterPkiSealer
{
    public const string ClusterCaItem = "ca.key";
    public const string EtcdCaItem = "etcd/ca.key";
    public const string FrontProxyCaItem = "front-proxy-ca.key";
    public const string ServiceAccountItem = "sa.key";

    private readonly PkiEncryptionKey _key;

    public ClusterPkiSealer(PkiEncryptionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    public PkiEncryptionKey Key => _key;

    public StoredClusterPki Seal(string cluster, ClusterPki pki, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        ArgumentNullException.ThrowIfNull(pki);
        return new StoredClusterPki(cluster, createdAt,
            pki.ClusterCa.CertificatePem, Seal(cluster, ClusterCaItem, pki.ClusterCa.PrivateKeyPem),
            pki.EtcdCa.CertificatePem, Seal(cluster, EtcdCaItem, pki.EtcdCa.PrivateKeyPem),
            pki.FrontProxyCa.CertificatePem, Seal(cluster, FrontProxyCaItem, pki.FrontProxyCa.PrivateKeyPem),
            pki.ServiceAccountPublicKeyPem, Seal(cluster, ServiceAccountItem, pki.ServiceAccountPrivateKeyPem));
    }

    /// <summary>Opens every sealed key and checks each CA key against its certificate.</summary>
    /// <exception cref="PkiException">A wrong encryption key, a damaged or moved sealed key, or a key that is not its certificate's.</exception>
    public ClusterPki Unseal(StoredClusterPki stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var pki = new ClusterPki(
            new CertificateAndKey(stored.ClusterCaCertificatePem, Open(stored.Cluster, ClusterCaItem, stored.ClusterCaSealedKey)),
            new CertificateAndKey(stored.EtcdCaCertificatePem, Open(stored.Cluster, EtcdCaItem, stored.EtcdCaSealedKey)),
            new CertificateAndKey(stored.FrontProxyCaCertificatePem, Open(stored.Cluster, FrontProxyCaItem, stored.FrontProxyCaSealedKey)),
            Open(stored.Cluster, ServiceAccountItem, stored.ServiceAccountSealedKey),
            stored.ServiceAccountPublicKeyPem);
        Check(stored.Cluster, "cluster CA", pki.ClusterCa);
        Check(stored.Cluster, "etcd CA", pki.EtcdCa);
        Check(stored.Cluster, "front-proxy CA", pki.FrontProxyCa);
        return pki;
    }

    private byte[] Seal(string cluster, string item, string pem)
    {
        var plaintext = Encoding.UTF8.GetBytes(pem);
        try
        {
            return _key.Seal(plaintext, cluster, item);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private string Open(string cluster, string item, byte[] sealedKey)
    {
        var plaintext = _key.Open(sealedKey, cluster, item);
        try
        {
            return Encoding.UTF8.GetString(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static void Check(string cluster, string what, CertificateAndKey pair)
    {
        using var certificate = PkiCertificates.LoadWithKey(pair, $"the {what} of cluster {cluster}");
        if (!PkiCertificates.IsCertificateAuthority(certificate))
        {
            throw new PkiException(PkiErrorCode.InvalidCertificate, $"The {what} certificate of cluster {cluster} is not a CA");
        }
    }
}
