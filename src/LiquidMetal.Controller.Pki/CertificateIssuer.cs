using System.Security.Cryptography.X509Certificates;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// Signs leaf certificates with a CA as kubeadm's pkiutil.NewSignedCert does: a new key, basicConstraints CA:FALSE
/// and keyUsage (both critical), the profile's extended key usages and SANs, the CA's key identifier as authority
/// key identifier, a random 63-bit serial, notBefore backdated 5 minutes. A leaf never outlives its CA: its
/// notAfter is cut to the CA's.
/// </summary>
public sealed class CertificateIssuer
{
    /// <summary>kubeadm's CertificateValidityPeriod: 365 days.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(365);

    /// <summary>The default lifetime of the admin kubeconfig's client certificate.</summary>
    public static readonly TimeSpan DefaultAdminLifetime = TimeSpan.FromHours(24);

    private readonly TimeProvider _timeProvider;

    public CertificateIssuer(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <param name="ca">The signing CA (cluster, etcd or front-proxy), its key included.</param>
    /// <param name="lifetime">From now; <see cref="DefaultLifetime"/> when null.</param>
    /// <param name="algorithm">The new key's type.</param>
    public CertificateAndKey Issue(CertificateAndKey ca, CertificateProfile profile, TimeSpan? lifetime = null, KeyAlgorithm algorithm = KeyAlgorithm.Rsa2048)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(profile);
        var validity = lifetime ?? DefaultLifetime;
        var errors = new List<string>();
        if (validity <= TimeSpan.Zero)
        {
            errors.Add($"lifetime: must be positive (got {validity})");
        }

        if (string.IsNullOrWhiteSpace(profile.CommonName))
        {
            errors.Add("commonName: is required");
        }

        if (profile.Usages == CertificateUsages.None)
        {
            errors.Add("usages: at least one of serverAuth, clientAuth is required");
        }

        if (errors.Count > 0)
        {
            throw new PkiException(PkiErrorCode.InvalidRequest, $"The {profile.Name} certificate cannot be made: {string.Join("; ", errors)}");
        }

        using var caCertificate = PkiCertificates.LoadWithKey(ca, "the CA");
        var now = CertificateFactory.Truncate(_timeProvider.GetUtcNow());
        if (!PkiCertificates.IsCertificateAuthority(caCertificate))
        {
            throw new PkiException(PkiErrorCode.InvalidCertificate, $"The {profile.Name} certificate cannot be made: {caCertificate.Subject} is not a CA");
        }

        if (caCertificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            throw new PkiException(PkiErrorCode.InvalidCertificate,
                $"The {profile.Name} certificate cannot be made: the CA {caCertificate.Subject} expired at {caCertificate.NotAfter.ToUniversalTime():u}");
        }

        using var caKey = PkiCertificates.PrivateKey(caCertificate);
        using var key = PkiKeys.Generate(algorithm);
        var notAfter = now + validity;
        var caNotAfter = new DateTimeOffset(caCertificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        using var certificate = CertificateFactory.Create(
            CertificateFactory.Subject(profile.CommonName, profile.Organizations), key,
            caCertificate.SubjectName, caKey, caCertificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault(),
            certificateAuthority: false, PkiKeys.LeafKeyUsage(key), profile.Usages, profile.DnsNames, profile.IpAddresses,
            now - PkiCertificates.Backdate, notAfter < caNotAfter ? notAfter : caNotAfter);
        return new CertificateAndKey(PkiCertificates.ToPem(certificate), PkiKeys.ExportPrivateKeyPem(key));
    }
}
