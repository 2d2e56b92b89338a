using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LiquidMetal.Controller.Pki;

/// <summary>Key generation, PEM export/import and signing for the key types kubeadm supports (RSA, ECDSA P-256).</summary>
internal static class PkiKeys
{
    public static AsymmetricAlgorithm Generate(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 => RSA.Create(2048),
        KeyAlgorithm.Rsa3072 => RSA.Create(3072),
        KeyAlgorithm.Rsa4096 => RSA.Create(4096),
        KeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown key algorithm"),
    };

    /// <summary>What kubeadm writes (keyutil.MarshalPrivateKeyToPEM): PKCS#1 for RSA, SEC1 for ECDSA; ends in a newline.</summary>
    public static string ExportPrivateKeyPem(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => rsa.ExportRSAPrivateKeyPem() + "\n",
        ECDsa ec => ec.ExportECPrivateKeyPem() + "\n",
        _ => throw new ArgumentException("only RSA and ECDSA keys are supported", nameof(key)),
    };

    public static string ExportPublicKeyPem(AsymmetricAlgorithm key) => key.ExportSubjectPublicKeyInfoPem() + "\n";

    /// <summary>Reads an RSA or ECDSA private key (PKCS#1, SEC1 or unencrypted PKCS#8); <paramref name="what"/> names it in errors.</summary>
    public static AsymmetricAlgorithm ImportPrivateKeyPem(string pem, string what)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new PkiException(PkiErrorCode.InvalidCertificate, $"{what} is not a PEM private key");
        }

        var label = pem.AsSpan()[fields.Label];
        AsymmetricAlgorithm? key = null;
        if (label.SequenceEqual("RSA PRIVATE KEY") || label.SequenceEqual("PRIVATE KEY"))
        {
            key = TryImport(RSA.Create(), pem);
        }

        if (key is null && (label.SequenceEqual("EC PRIVATE KEY") || label.SequenceEqual("PRIVATE KEY")))
        {
            key = TryImport(ECDsa.Create(), pem);
        }

        return key ?? throw new PkiException(PkiErrorCode.InvalidCertificate,
            $"{what} is not an unencrypted RSA or ECDSA private key (PEM 'RSA PRIVATE KEY', 'EC PRIVATE KEY' or 'PRIVATE KEY')");
    }

    public static CertificateRequest NewRequest(X500DistinguishedName subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
        _ => throw new ArgumentException("only RSA and ECDSA keys are supported", nameof(key)),
    };

    public static X509SignatureGenerator SignatureGenerator(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        _ => throw new ArgumentException("only RSA and ECDSA keys are supported", nameof(key)),
    };

    /// <summary>kubeadm's key usages: digital signature + key encipherment for RSA; ECDSA keys cannot encipher, so digital signature only.</summary>
    public static X509KeyUsageFlags LeafKeyUsage(AsymmetricAlgorithm key) => key is RSA
        ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
        : X509KeyUsageFlags.DigitalSignature;

    /// <summary>A random positive 63-bit serial with its top bits set so it is always 8 DER bytes (kubeadm: uniform in [1, 2^63)).</summary>
    public static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    private static AsymmetricAlgorithm? TryImport(AsymmetricAlgorithm key, string pem)
    {
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            return null;
        }
    }
}
