using LiquidMetal.Controller.Pki.Tests.TestSupport;

namespace LiquidMetal.Controller.Pki.Tests;

public sealed class DiscoveryTokenCaCertHashTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Compute_ClusterCa_EqualsKubeadmsOpenSslRecipe(bool ecdsa)
    {
        var pki = ecdsa ? TestPki.Ecdsa : TestPki.Rsa;
        var caFile = _dir.Write("ca.crt", pki.ClusterCa.CertificatePem);

        // kubeadm's documentation: openssl x509 -pubkey -in ca.crt | openssl rsa -pubin -outform der | openssl dgst -sha256 -hex
        var (code, stdout, stderr) = await Tool.RunAsync("sh", ["-c",
            $"openssl x509 -pubkey -noout -in '{caFile}' | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex | sed 's/^.* //'"]);

        Assert.True(code == 0, stderr);
        Assert.Equal("sha256:" + stdout.Trim(), DiscoveryTokenCaCertHash.Compute(pki.ClusterCa.CertificatePem));
        Assert.Equal(pki.CaCertHash, DiscoveryTokenCaCertHash.Compute(pki.ClusterCa.CertificatePem));
        Assert.Matches("^sha256:[0-9a-f]{64}$", pki.CaCertHash);
    }

    [Fact]
    public void Compute_OtherCa_OtherHash()
    {
        Assert.NotEqual(DiscoveryTokenCaCertHash.Compute(TestPki.Rsa.EtcdCa.CertificatePem), TestPki.Rsa.CaCertHash);
    }

    [Fact]
    public void Compute_NotACertificate_InvalidCertificate()
    {
        var e = Assert.Throws<PkiException>(() => DiscoveryTokenCaCertHash.Compute("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));

        Assert.Equal(PkiErrorCode.InvalidCertificate, e.Code);
    }
}
