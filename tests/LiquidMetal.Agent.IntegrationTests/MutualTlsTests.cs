using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using LiquidMetal.Agent.IntegrationTests.Harness;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using FlintlockClient = LiquidMetal.Api.Flintlock.Services.V1Alpha1.MicroVM.MicroVMClient;

namespace LiquidMetal.Agent.IntegrationTests;

/// <summary>With --client-ca the agent accepts only clients whose certificate that CA signed.</summary>
public sealed class MutualTlsTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lm-mtls-").FullName;
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private X509Certificate2 _ca = null!;
    private TestNetwork _network = null!;
    private AgentProcess _agent = null!;
    private X509Certificate2 _operator = null!;

    public async Task InitializeAsync()
    {
        var request = new CertificateRequest("CN=test client CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        var caFile = Path.Combine(_dir, "clients-ca.crt");
        await File.WriteAllTextAsync(caFile, _ca.ExportCertificatePem());

        _network = await TestNetwork.CreateAsync();
        _operator = Issue("operator", _ca);
        _agent = await AgentProcess.StartAsync(_network, _operator, "--reconcile", "false", "--client-ca", caFile);
    }

    public async Task DisposeAsync()
    {
        await _agent.KillAsync();
        try
        {
            await _agent.DisposeAsync();
        }
        finally
        {
            await _network.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _operator.Dispose();
        _ca.Dispose();
        _caKey.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Calls_WithClientCertificateFromTheCa_Accepted()
    {
        var vms = new FlintlockClient(_agent.Channel(clientCertificate: _operator));
        Assert.NotNull(await vms.ListMicroVMsAsync(new ListMicroVMsRequest()));
    }

    [Fact]
    public async Task Calls_WithoutOrWithForeignClientCertificate_Refused()
    {
        var none = new FlintlockClient(_agent.Channel(token: File.ReadAllText(_agent.TokenFile).Trim(), presentCertificate: false));
        await Assert.ThrowsAsync<RpcException>(async () => await none.ListMicroVMsAsync(new ListMicroVMsRequest()));

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherRequest = new CertificateRequest("CN=other CA", otherKey, HashAlgorithmName.SHA256);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherCa = otherRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        using var foreign = Issue("intruder", otherCa);
        var intruder = new FlintlockClient(_agent.Channel(clientCertificate: foreign));
        await Assert.ThrowsAsync<RpcException>(async () => await intruder.ListMicroVMsAsync(new ListMicroVMsRequest()));
    }

    private static X509Certificate2 Issue(string name, X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        // SslStream needs a certificate whose key is exportable/persisted: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(cert.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }
}
