using LiquidMetal.Cli.Connection;

namespace LiquidMetal.Cli.Tests.Connection;

public sealed class AgentConnectionTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Fact]
    public void CreateHandler_UnixSocket_ConnectsThroughTheSocketWithoutTls()
    {
        using var handler = AgentConnection.CreateHandler(Settings(AgentAddress.Parse("unix:///run/lm.sock", insecure: false)));

        Assert.NotNull(handler.ConnectCallback);
        Assert.Null(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    [Fact]
    public void CreateHandler_TlsWithCaAndClientCertificate_ConfiguresBoth()
    {
        var settings = Settings(AgentAddress.Parse("https://sled-1:9090", insecure: false)) with
        {
            CaFile = _certificates.CaFile,
            CertFile = _certificates.CertFile,
            KeyFile = _certificates.KeyFile,
        };

        using var handler = AgentConnection.CreateHandler(settings);

        Assert.Null(handler.ConnectCallback);
        Assert.NotNull(handler.SslOptions.RemoteCertificateValidationCallback);
        Assert.Single(handler.SslOptions.ClientCertificates!);
    }

    [Fact]
    public void CreateHandler_TlsWithoutCa_UsesTheSystemTrust()
    {
        using var handler = AgentConnection.CreateHandler(Settings(AgentAddress.Parse("https://sled-1:9090", insecure: false)));

        Assert.Null(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    private static AgentSettings Settings(AgentAddress address) => new(address, null, null, null, null, Insecure: !address.UsesTls);

    public void Dispose() => _certificates.Dispose();
}
