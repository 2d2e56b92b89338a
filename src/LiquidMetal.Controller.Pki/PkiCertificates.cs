using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LiquidMetal.Controller.Pki;

/// <summary>Reading certificates (and certificate + key pairs) from PEM with errors that name them and never quote them.</summary>
internal static class PkiCertificates
{
    /// <summary>kubeadm backdates every certificate's notBefore by 5 minutes to allow small clock jumps (CertificateBackdate).</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    public static X509Certificate2 Load(string pem, string what)
    {
        ArgumentNullException.ThrowIfNull(pem);
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new PkiException(PkiErrorCode.InvalidCertificate, $"{what} is not a PEM certificate: {e.Message}", e);
        }
    }

    /// <summary>The certificate with its private key attached; fails when the key is not the certificate's.</summary>
    public static X509Certificate2 LoadWithKey(CertificateAndKey pair, string what)
    {
        ArgumentNullException.ThrowIfNull(pair);
        using var certificate = Load(pair.CertificatePem, what + " certificate");
        using var key = PkiKeys.ImportPrivateKeyPem(pair.PrivateKeyPem, what + " private key");
        try
        {
            return key switch
            {
                RSA rsa => certificate.CopyWithPrivateKey(rsa),
                ECDsa ec => certificate.CopyWithPrivateKey(ec),
                _ => throw new CryptographicException("unsupported key type"),
            };
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new PkiException(PkiErrorCode.InvalidCertificate, $"{what} private key does not belong to its certificate", e);
        }
    }

    public static AsymmetricAlgorithm PrivateKey(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
        ?? throw new PkiException(PkiErrorCode.InvalidCertificate, $"certificate {certificate.Subject} has no RSA or ECDSA private key");

    /// <summary>The DER SubjectPublicKeyInfo exactly as it stands in the certificate (Go's RawSubjectPublicKeyInfo).</summary>
    public static ReadOnlyMemory<byte> RawSubjectPublicKeyInfo(X509Certificate2 certificate)
    {
        var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER);
        var tbs = reader.ReadSequence().ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            tbs.ReadEncodedValue(); // [0] version
        }

        tbs.ReadEncodedValue(); // serialNumber
        tbs.ReadEncodedValue(); // signature
        tbs.ReadEncodedValue(); // issuer
        tbs.ReadEncodedValue(); // validity
        tbs.ReadEncodedValue(); // subject
        return tbs.ReadEncodedValue();
    }

    /// <summary>PEM ending in a newline, as kubeadm writes it.</summary>
    public static string ToPem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    public static bool IsCertificateAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
}
