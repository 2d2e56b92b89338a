using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LiquidMetal.Cli.Tests.Connection;

/// <summary>A throwaway CA and a server certificate it signed, as PEM files in a temporary directory.</summary>
internal sealed class TestCertificates : IDisposable
{
    public TestCertificates(string serverName = "localhost")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("lm-certs-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Liquid Metal test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={serverName}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(serverName);
        serverRequest.CertificateExtensions.Add(names.Build());
        using var serverPublic = serverRequest.Create(Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), [1, 2, 3, 4]);
        Server = serverPublic.CopyWithPrivateKey(serverKey);

        CaFile = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(CaFile, Ca.ExportCertificatePem());
        CertFile = Path.Combine(Directory, "client.pem");
        File.WriteAllText(CertFile, Server.ExportCertificatePem());
        KeyFile = Path.Combine(Directory, "client-key.pem");
        File.WriteAllText(KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        CombinedFile = Path.Combine(Directory, "combined.pem");
        File.WriteAllText(CombinedFile, Server.ExportCertificatePem() + "\n" + serverKey.ExportPkcs8PrivateKeyPem());
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public string CaFile { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    public string CombinedFile { get; }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
