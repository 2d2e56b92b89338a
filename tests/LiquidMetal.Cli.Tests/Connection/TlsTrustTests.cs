using System.Net.Security;
using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Tests.Connection;

public sealed class TlsTrustTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Fact]
    public void TrustRoots_CertificateSignedByTheCa_IsAccepted()
    {
        var callback = TlsTrust.TrustRoots(TlsTrust.LoadCaBundle(_certificates.CaFile));

        Assert.True(callback(this, _certificates.Server, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void TrustRoots_CertificateFromAnotherCa_IsRejected()
    {
        using var other = new TestCertificates();
        var callback = TlsTrust.TrustRoots(TlsTrust.LoadCaBundle(other.CaFile));

        Assert.False(callback(this, _certificates.Server, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void TrustRoots_NameMismatch_IsRejectedEvenWithTheRightCa()
    {
        var callback = TlsTrust.TrustRoots(TlsTrust.LoadCaBundle(_certificates.CaFile));

        Assert.False(callback(this, _certificates.Server, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void LoadCaBundle_FileWithoutCertificates_FailsWithAHint()
    {
        var empty = Path.Combine(_certificates.Directory, "empty.pem");
        File.WriteAllText(empty, "not a certificate\n");

        var error = Assert.Throws<CliException>(() => TlsTrust.LoadCaBundle(empty));

        Assert.Contains("holds no PEM certificate", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void LoadCaBundle_MissingFile_NamesIt()
    {
        var error = Assert.Throws<CliException>(() => TlsTrust.LoadCaBundle("/nonexistent/ca.pem"));

        Assert.StartsWith("cannot load --ca-file /nonexistent/ca.pem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadClientCertificate_SeparateKeyFile_HasThePrivateKey()
    {
        using var certificate = TlsTrust.LoadClientCertificate(_certificates.CertFile, _certificates.KeyFile);

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(_certificates.Server.Thumbprint, certificate.Thumbprint);
    }

    [Fact]
    public void LoadClientCertificate_KeyInTheSameFile_HasThePrivateKey()
    {
        using var certificate = TlsTrust.LoadClientCertificate(_certificates.CombinedFile, keyFile: null);

        Assert.True(certificate.HasPrivateKey);
    }

    [Fact]
    public void LoadClientCertificate_NoKey_FailsWithAHint()
    {
        var error = Assert.Throws<CliException>(() => TlsTrust.LoadClientCertificate(_certificates.CertFile, keyFile: null));

        Assert.Contains("--cert-file", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _certificates.Dispose();
}
