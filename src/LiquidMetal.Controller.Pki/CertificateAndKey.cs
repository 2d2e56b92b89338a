namespace LiquidMetal.Controller.Pki;

/// <summary>
/// A certificate and its private key in PEM as kubeadm writes them: <c>CERTIFICATE</c>, and <c>RSA PRIVATE KEY</c>
/// (PKCS#1) or <c>EC PRIVATE KEY</c> (SEC1). <see cref="ToString"/> leaves the key out.
/// </summary>
public sealed record CertificateAndKey(string CertificatePem, string PrivateKeyPem)
{
    public override string ToString() => "CertificateAndKey { CertificatePem = " + CertificatePem.Length + " chars, PrivateKeyPem = (redacted) }";
}
