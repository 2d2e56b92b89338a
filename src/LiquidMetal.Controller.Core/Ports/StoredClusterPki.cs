namespace LiquidMetal.Controller.Core.Ports;

/// <summary>
/// A cluster's PKI as <see cref="IClusterPkiStore"/> keeps it: certificates and the public key in PEM, each private
/// key sealed (encrypted and bound to the cluster and the item's name) by the PKI adapter; the store never sees a key.
/// </summary>
/// <param name="CreatedAt">When the PKI was generated.</param>
public sealed record StoredClusterPki(
    string Cluster,
    DateTimeOffset CreatedAt,
    string ClusterCaCertificatePem,
    byte[] ClusterCaSealedKey,
    string EtcdCaCertificatePem,
    byte[] EtcdCaSealedKey,
    string FrontProxyCaCertificatePem,
    byte[] FrontProxyCaSealedKey,
    string ServiceAccountPublicKeyPem,
    byte[] ServiceAccountSealedKey);
