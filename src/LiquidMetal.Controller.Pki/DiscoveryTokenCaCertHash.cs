using System.Security.Cryptography;

namespace LiquidMetal.Controller.Pki;

/// <summary>kubeadm's <c>--discovery-token-ca-cert-hash</c>: <c>sha256:</c> + hex of SHA-256 over the CA's SubjectPublicKeyInfo.</summary>
public static class DiscoveryTokenCaCertHash
{
    public static string Compute(string caCertificatePem)
    {
        using var certificate = PkiCertificates.Load(caCertificatePem, "the CA certificate");
        var hash = SHA256.HashData(PkiCertificates.RawSubjectPublicKeyInfo(certificate).Span);
        return "sha256:" + Convert.ToHexStringLower(hash);
    }
}
