using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LiquidMetal.Hosting.Security;

namespace LiquidMetal.Hosting.Security.Tests;

public sealed class TlsMaterialTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lm-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LoadOrGenerate_FirstStart_ServerCertSignedByGeneratedCaWithSans()
    {
        using var server = TlsMaterial.LoadOrGenerate(null, null, _dir, ["agent.example", "192.0.2.7"], "agent");
        var ca = TlsMaterial.LoadCaBundle(Path.Combine(_dir, "tls", "ca.crt"));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(server));
        Assert.True(server.HasPrivateKey);
        Assert.True(server.MatchesHostname("localhost"));
        Assert.True(server.MatchesHostname("agent.example"));
        Assert.True(server.MatchesHostname("192.0.2.7"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "tls", "server.key")));
    }

    [Fact]
    public void LoadOrGenerate_SecondStart_ReusesTheSameCertificate()
    {
        using var first = TlsMaterial.LoadOrGenerate(null, null, _dir, [], "agent");
        using var second = TlsMaterial.LoadOrGenerate(null, null, _dir, [], "agent");
        Assert.Equal(first.Thumbprint, second.Thumbprint);
    }

    [Fact]
    public void IsSignedBy_ClientCertFromAnotherCa_Rejected()
    {
        using var server = TlsMaterial.LoadOrGenerate(null, null, _dir, [], "agent");
        var ca = TlsMaterial.LoadCaBundle(Path.Combine(_dir, "tls", "ca.crt"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=stranger", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var stranger = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.False(TlsMaterial.IsSignedBy(stranger, ca));
    }

    [Fact]
    public void IsSignedBy_ClientCertFromTheCa_Accepted()
    {
        using var server = TlsMaterial.LoadOrGenerate(null, null, _dir, [], "agent");
        var ca = TlsMaterial.LoadCaBundle(Path.Combine(_dir, "tls", "ca.crt"));
        using var caWithKey = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "tls", "ca.crt"), Path.Combine(_dir, "tls", "ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=client", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var client = request.Create(caWithKey, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);

        Assert.True(TlsMaterial.IsSignedBy(client, ca));
    }
}
