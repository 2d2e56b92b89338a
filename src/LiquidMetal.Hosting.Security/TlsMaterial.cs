using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LiquidMetal.Hosting.Security;

/// <summary>
/// Loads the server certificate, or generates a private CA and a server certificate under the state
/// directory on first start, so TLS is on by default. Clients trust tls/ca.crt.
/// </summary>
public static class TlsMaterial
{
    /// <param name="serverKind">Names the generated CA ("agent", "controller") so people can tell them apart.</param>
    public static X509Certificate2 LoadOrGenerate(string? certPath, string? keyPath, string stateDirectory, IEnumerable<string> extraNames, string serverKind)
    {
        if (certPath is not null)
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }

        var dir = Path.Combine(stateDirectory, "tls");
        var serverCert = Path.Combine(dir, "server.crt");
        var serverKey = Path.Combine(dir, "server.key");
        if (!File.Exists(serverCert) || !File.Exists(serverKey))
        {
            Generate(dir, serverCert, serverKey, extraNames, serverKind);
        }

        return X509Certificate2.CreateFromPemFile(serverCert, serverKey);
    }

    public static X509Certificate2Collection LoadCaBundle(string path)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(path);
        return bundle;
    }

    /// <summary>Verifies a client certificate against the configured CA only (not the system store).</summary>
    public static bool IsSignedBy(X509Certificate2 client, X509Certificate2Collection ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2")); // client authentication
        return chain.Build(client);
    }

    private static void Generate(string dir, string certPath, string keyPath, IEnumerable<string> extraNames, string serverKind)
    {
        Directory.CreateDirectory(dir);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=Liquid Metal {serverKind} CA ({Environment.MachineName})", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now, now.AddYears(10));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Environment.MachineName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddDnsName(Environment.MachineName);
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (var name in extraNames)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var server = request.Create(ca, now, now.AddYears(2), serial);

        WritePrivate(Path.Combine(dir, "ca.key"), caKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(dir, "ca.crt"), ca.ExportCertificatePem());
        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, server.ExportCertificatePem());
    }

    /// <summary>Writes a secret atomically, readable by the owner only from its first byte (created 0600, fsynced, renamed).</summary>
    public static void WritePrivate(string path, string content)
    {
        var tmp = path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var stream = new FileStream(tmp, options))
        {
            // A leftover .tmp from a crash keeps its old mode: make sure.
            File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: true);
    }
}
