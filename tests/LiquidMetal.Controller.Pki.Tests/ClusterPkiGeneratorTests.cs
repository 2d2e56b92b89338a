using System.Security.Cryptography.X509Certificates;
using LiquidMetal.Controller.Pki.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Controller.Pki.Tests;

public sealed class ClusterPkiGeneratorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> Cas => new()
    {
        { "ca", "kubernetes" },
        { "etcd-ca", "etcd-ca" },
        { "front-proxy-ca", "front-proxy-ca" },
    };

    private static CertificateAndKey Ca(ClusterPki pki, string name) => name switch
    {
        "ca" => pki.ClusterCa,
        "etcd-ca" => pki.EtcdCa,
        _ => pki.FrontProxyCa,
    };

    [Theory]
    [MemberData(nameof(Cas))]
    public async Task Generate_EachCa_KubeadmSubjectAndCriticalExtensionsAsOpenSslReadsThem(string name, string commonName)
    {
        var path = _dir.Write(name + ".crt", Ca(TestPki.Rsa, name).CertificatePem);

        var cert = await OpenSslCertificate.ReadAsync(path);

        Assert.Equal($"subject=CN = {commonName}", cert.Subject);
        Assert.Equal($"issuer=CN = {commonName}", cert.Issuer);
        Assert.Equal((true, "CA:TRUE"), cert.Extension("X509v3 Basic Constraints"));
        Assert.Equal((true, "Digital Signature, Key Encipherment, Certificate Sign"), cert.Extension("X509v3 Key Usage"));
        Assert.Matches("^([0-9A-F]{2}:){19}[0-9A-F]{2}$", cert.Extension("X509v3 Subject Key Identifier").Value);
        Assert.Equal([$"DNS:{commonName}"], cert.SubjectAlternativeNames);
        Assert.Contains("Signature Algorithm: sha256WithRSAEncryption", cert.Text, StringComparison.Ordinal);
        Assert.Contains("Public-Key: (2048 bit)", cert.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cas))]
    public async Task Generate_EachCa_VerifiesStrictlyAsItsOwnRootAndKeyMatches(string name, string commonName)
    {
        var ca = Ca(TestPki.Rsa, name);
        var cert = _dir.Write(name + ".crt", ca.CertificatePem);
        var key = _dir.Write(name + ".key", ca.PrivateKeyPem);

        var verify = await Tool.OpenSslAsync("verify", "-x509_strict", "-CAfile", cert, "-purpose", "any", cert);
        var certPublic = await Tool.OpenSslAsync("x509", "-in", cert, "-noout", "-pubkey");
        var keyPublic = await Tool.OpenSslAsync("pkey", "-in", key, "-pubout");
        var check = await Tool.OpenSslAsync("rsa", "-in", key, "-check", "-noout");

        Assert.Equal($"{cert}: OK\n", verify);
        Assert.Equal(certPublic, keyPublic);
        Assert.Contains("RSA key ok", check, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----\n", ca.PrivateKeyPem, StringComparison.Ordinal);
        Assert.EndsWith("-----END RSA PRIVATE KEY-----\n", ca.PrivateKeyPem, StringComparison.Ordinal);
        Assert.EndsWith("-----END CERTIFICATE-----\n", ca.CertificatePem, StringComparison.Ordinal);
        Assert.NotEmpty(commonName);
    }

    [Fact]
    public async Task Generate_ServiceAccountPair_PublicKeyIsThePrivateKeys()
    {
        var pki = TestPki.Rsa;
        var key = _dir.Write("sa.key", pki.ServiceAccountPrivateKeyPem);

        var derived = await Tool.OpenSslAsync("pkey", "-in", key, "-pubout");

        Assert.Equal(pki.ServiceAccountPublicKeyPem, derived);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", pki.ServiceAccountPrivateKeyPem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pki.ServiceAccountPublicKeyPem, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_AtAFixedTime_TenYearsFromFiveMinutesBeforeWithDistinctPositiveSerials()
    {
        var now = new DateTimeOffset(2026, 11, 24, 9, 0, 30, 500, TimeSpan.Zero);
        var pki = new ClusterPkiGenerator(new FakeTimeProvider(now)).Generate();

        var certificates = new[] { pki.ClusterCa, pki.EtcdCa, pki.FrontProxyCa }.Select(c => X509Certificate2.CreateFromPem(c.CertificatePem)).ToList();

        foreach (var certificate in certificates)
        {
            Assert.Equal(new DateTime(2026, 11, 24, 8, 55, 30, DateTimeKind.Utc), certificate.NotBefore.ToUniversalTime());
            Assert.Equal(new DateTime(2036, 11, 21, 9, 0, 30, DateTimeKind.Utc), certificate.NotAfter.ToUniversalTime());
            Assert.Equal(8, certificate.SerialNumberBytes.Length);
            Assert.InRange(certificate.SerialNumberBytes.Span[0], 0x40, 0x7F);
        }

        Assert.Equal(3, certificates.Select(c => c.SerialNumber).Distinct().Count());
        Assert.Equal(3, certificates.Select(c => c.GetPublicKeyString()).Distinct().Count());
    }

    [Fact]
    public async Task Generate_EcdsaP256_EcKeysThatVerifyWithoutKeyEncipherment()
    {
        var pki = TestPki.Ecdsa;
        var cert = _dir.Write("ca.crt", pki.ClusterCa.CertificatePem);
        var key = _dir.Write("ca.key", pki.ClusterCa.PrivateKeyPem);

        var read = await OpenSslCertificate.ReadAsync(cert);
        var verify = await Tool.OpenSslAsync("verify", "-x509_strict", "-CAfile", cert, cert);
        var keyPublic = await Tool.OpenSslAsync("pkey", "-in", key, "-pubout");

        Assert.Equal($"{cert}: OK\n", verify);
        Assert.Equal(await Tool.OpenSslAsync("x509", "-in", cert, "-noout", "-pubkey"), keyPublic);
        Assert.Equal((true, "Digital Signature, Certificate Sign"), read.Extension("X509v3 Key Usage"));
        Assert.Contains("ASN1 OID: prime256v1", read.Text, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", pki.ClusterCa.PrivateKeyPem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", pki.ServiceAccountPrivateKeyPem, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateCa_LifetimeNotPastTheBackdate_InvalidRequest()
    {
        var e = Assert.Throws<PkiException>(() => new ClusterPkiGenerator(TimeProvider.System).GenerateCa("x", KeyAlgorithm.Rsa2048, TimeSpan.FromMinutes(1)));

        Assert.Equal(PkiErrorCode.InvalidRequest, e.Code);
        Assert.Contains("caLifetime", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ClusterPkiAndCertificateAndKey_NoPrivateKeyMaterial()
    {
        var pki = TestPki.Rsa;

        var texts = new[] { pki.ToString(), pki.ClusterCa.ToString(), $"{pki}", $"{pki.EtcdCa}" };

        foreach (var text in texts)
        {
            foreach (var fragment in TestPki.SecretFragments(pki))
            {
                Assert.DoesNotContain(fragment, text, StringComparison.Ordinal);
            }
        }
    }
}
