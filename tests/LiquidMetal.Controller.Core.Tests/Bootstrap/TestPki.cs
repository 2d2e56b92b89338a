using System.Runtime.CompilerServices;
using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

/// <summary>
/// A fixed cluster PKI made once with openssl (testdata/pki/README.md): real RSA CAs and keys, so that rendered
/// user-data looks and weighs like production. Test fixtures only; never use these keys anywhere else.
/// </summary>
internal static class TestPki
{
    private static readonly Lazy<BootstrapPki> Loaded = new(() => Load(Directory()));

    public static BootstrapPki Pki => Loaded.Value;

    public static string Directory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "testdata", "pki");

    public static BootstrapPki Load(string directory)
    {
        string Read(string name) => File.ReadAllText(Path.Combine(directory, name));
        return new BootstrapPki
        {
            CaCertificateHash = Read("ca.hash").Trim(),
            CaCertificate = Read("ca.crt"),
            CaKey = Read("ca.key"),
            EtcdCaCertificate = Read("etcd-ca.crt"),
            EtcdCaKey = Read("etcd-ca.key"),
            FrontProxyCaCertificate = Read("front-proxy-ca.crt"),
            FrontProxyCaKey = Read("front-proxy-ca.key"),
            ServiceAccountPublicKey = Read("sa.pub"),
            ServiceAccountKey = Read("sa.key"),
        };
    }
}
