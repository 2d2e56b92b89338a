namespace LiquidMetal.Controller.Pki.Tests.TestSupport;

/// <summary>One PKI per key type generated at the real time (openssl verifies against the clock), shared by tests.</summary>
internal static class TestPki
{
    private static readonly Lazy<ClusterPki> RsaPki = new(() => new ClusterPkiGenerator(TimeProvider.System).Generate());
    private static readonly Lazy<ClusterPki> EcdsaPki = new(() => new ClusterPkiGenerator(TimeProvider.System).Generate(KeyAlgorithm.EcdsaP256));

    public static ClusterPki Rsa => RsaPki.Value;

    public static ClusterPki Ecdsa => EcdsaPki.Value;

    public static CertificateIssuer Issuer { get; } = new(TimeProvider.System);

    /// <summary>Every piece of private key material in <paramref name="pki"/>, as PEM bodies (base64 lines), to look for in text that must not hold them.</summary>
    public static IEnumerable<string> SecretFragments(ClusterPki pki) =>
        new[] { pki.ClusterCa.PrivateKeyPem, pki.EtcdCa.PrivateKeyPem, pki.FrontProxyCa.PrivateKeyPem, pki.ServiceAccountPrivateKeyPem }
            .SelectMany(pem => pem.Split('\n').Where(line => line.Length > 0 && !line.StartsWith("-----", StringComparison.Ordinal)))
            .Append("PRIVATE KEY");
}
