using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LiquidMetal.Controller.Pki;

/// <summary>Builds and signs X.509 v3 certificates the way Go's crypto/x509 does for kubeadm.</summary>
internal static class CertificateFactory
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>
    /// Subject encoded O first, then CN, as Go orders a pkix.Name; each organization its own RDN. The builder encodes
    /// in the reverse order of the calls, so CN is added first.
    /// </summary>
    public static X500DistinguishedName Subject(string commonName, IReadOnlyList<string> organizations)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        for (var i = organizations.Count - 1; i >= 0; i--)
        {
            builder.AddOrganizationName(organizations[i]);
        }

        return builder.Build();
    }

    /// <summary>
    /// Signs a certificate for <paramref name="subjectKey"/>: basicConstraints (critical), keyUsage (critical),
    /// extended key usages and SANs when given, a SHA-1 subject key identifier, and the issuer's key identifier
    /// as authority key identifier when <paramref name="issuerKeyIdentifier"/> is given.
    /// </summary>
    public static X509Certificate2 Create(
        X500DistinguishedName subject,
        AsymmetricAlgorithm subjectKey,
        X500DistinguishedName issuer,
        AsymmetricAlgorithm issuerKey,
        X509SubjectKeyIdentifierExtension? issuerKeyIdentifier,
        bool certificateAuthority,
        X509KeyUsageFlags keyUsage,
        CertificateUsages usages,
        IReadOnlyList<string> dnsNames,
        IReadOnlyList<System.Net.IPAddress> ipAddresses,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        var request = PkiKeys.NewRequest(subject, subjectKey);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, critical: true));
        if (usages != CertificateUsages.None)
        {
            var oids = new OidCollection();
            if (usages.HasFlag(CertificateUsages.ServerAuth))
            {
                oids.Add(ServerAuth);
            }

            if (usages.HasFlag(CertificateUsages.ClientAuth))
            {
                oids.Add(ClientAuth);
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        }

        if (dnsNames.Count > 0 || ipAddresses.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            foreach (var address in ipAddresses)
            {
                san.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(san.Build(critical: false));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, critical: false));
        if (issuerKeyIdentifier is not null)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerKeyIdentifier));
        }

        return request.Create(issuer, PkiKeys.SignatureGenerator(issuerKey), notBefore, notAfter, PkiKeys.NewSerialNumber());
    }

    /// <summary>Whole seconds (X.509 times carry no fractions).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
