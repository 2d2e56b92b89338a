using System.Net;
using System.Security.Cryptography.X509Certificates;
using LiquidMetal.Controller.Pki.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Controller.Pki.Tests;

public sealed class CertificateIssuerTests : IDisposable
{
    private static readonly IPAddress Node = IPAddress.Parse("10.0.0.21");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly ApiServerCertificateNames ApiServerNames = new()
    {
        NodeName = "alpha-cp-0",
        NodeAddresses = [Node, IPAddress.Parse("fd00::21")],
        EndpointHost = "10.0.0.100",
        ExtraSans = ["api.alpha.example", "192.0.2.7"],
    };

    private static readonly EtcdCertificateNames EtcdNames = new() { NodeName = "alpha-cp-0", NodeAddresses = [Node] };

    /// <summary>Each kubeadm leaf: its CA, openssl purpose(s), expected subject, extended key usage text.</summary>
    public static TheoryData<string, string, string, string> Leaves => new()
    {
        { "apiserver", "ca", "subject=CN = kube-apiserver", "TLS Web Server Authentication" },
        { "apiserver-kubelet-client", "ca", "subject=O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client", "TLS Web Client Authentication" },
        { "apiserver-etcd-client", "etcd-ca", "subject=CN = kube-apiserver-etcd-client", "TLS Web Client Authentication" },
        { "front-proxy-client", "front-proxy-ca", "subject=CN = front-proxy-client", "TLS Web Client Authentication" },
        { "etcd-server", "etcd-ca", "subject=CN = alpha-cp-0", "TLS Web Server Authentication, TLS Web Client Authentication" },
        { "etcd-peer", "etcd-ca", "subject=CN = alpha-cp-0", "TLS Web Server Authentication, TLS Web Client Authentication" },
        { "etcd-healthcheck-client", "etcd-ca", "subject=CN = kube-etcd-healthcheck-client", "TLS Web Client Authentication" },
        { "admin.conf", "ca", "subject=O = kubeadm:cluster-admins, CN = kubernetes-admin", "TLS Web Client Authentication" },
        { "super-admin.conf", "ca", "subject=O = system:masters, CN = kubernetes-super-admin", "TLS Web Client Authentication" },
    };

    private static CertificateProfile Profile(string name) => name switch
    {
        "apiserver" => KubeadmCertificateProfiles.ApiServer(ApiServerNames),
        "apiserver-kubelet-client" => KubeadmCertificateProfiles.ApiServerKubeletClient("v1.31.2"),
        "apiserver-etcd-client" => KubeadmCertificateProfiles.ApiServerEtcdClient("v1.31.2"),
        "front-proxy-client" => KubeadmCertificateProfiles.FrontProxyClient(),
        "etcd-server" => KubeadmCertificateProfiles.EtcdServer(EtcdNames),
        "etcd-peer" => KubeadmCertificateProfiles.EtcdPeer(EtcdNames),
        "etcd-healthcheck-client" => KubeadmCertificateProfiles.EtcdHealthcheckClient("v1.31.2"),
        "admin.conf" => KubeadmCertificateProfiles.Admin("v1.31.2"),
        _ => KubeadmCertificateProfiles.SuperAdmin(),
    };

    private static CertificateAndKey Ca(ClusterPki pki, string name) => name switch
    {
        "ca" => pki.ClusterCa,
        "etcd-ca" => pki.EtcdCa,
        _ => pki.FrontProxyCa,
    };

    [Theory]
    [MemberData(nameof(Leaves))]
    public async Task Issue_KubeadmLeaf_VerifiesForItsPurposeOnlyAgainstItsCa(string name, string caName, string subject, string usages)
    {
        var ca = Ca(TestPki.Rsa, caName);
        var leaf = TestPki.Issuer.Issue(ca, Profile(name));
        var caFile = _dir.Write("ca.crt", ca.CertificatePem);
        var otherCaFile = _dir.Write("other.crt", Ca(TestPki.Rsa, caName == "ca" ? "etcd-ca" : "ca").CertificatePem);
        var certFile = _dir.Write("leaf.crt", leaf.CertificatePem);
        var keyFile = _dir.Write("leaf.key", leaf.PrivateKeyPem);
        var server = usages.Contains("Server", StringComparison.Ordinal);
        var client = usages.Contains("Client", StringComparison.Ordinal);

        var read = await OpenSslCertificate.ReadAsync(certFile);
        var asServer = await Tool.RunAsync("openssl", ["verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", caFile, certFile]);
        var asClient = await Tool.RunAsync("openssl", ["verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", caFile, certFile]);
        var withOtherCa = await Tool.RunAsync("openssl", ["verify", "-CAfile", otherCaFile, certFile]);

        Assert.Equal(subject, read.Subject);
        Assert.Equal(server, asServer.ExitCode == 0);
        Assert.Equal(client, asClient.ExitCode == 0);
        Assert.Equal($"{certFile}: OK\n", server ? asServer.Stdout : asClient.Stdout);
        Assert.NotEqual(0, withOtherCa.ExitCode);
        Assert.Equal((true, "CA:FALSE"), read.Extension("X509v3 Basic Constraints"));
        Assert.Equal((true, "Digital Signature, Key Encipherment"), read.Extension("X509v3 Key Usage"));
        Assert.Equal((false, usages), read.Extension("X509v3 Extended Key Usage"));
        var caRead = await OpenSslCertificate.ReadAsync(caFile);
        Assert.Equal(caRead.Extension("X509v3 Subject Key Identifier").Value, read.Extension("X509v3 Authority Key Identifier").Value.Replace("keyid:", "", StringComparison.Ordinal));
        Assert.Equal(await Tool.OpenSslAsync("x509", "-in", certFile, "-noout", "-pubkey"), await Tool.OpenSslAsync("pkey", "-in", keyFile, "-pubout"));
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", leaf.PrivateKeyPem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_ApiServer_EveryNameKubeadmPutsInItsSans()
    {
        var leaf = TestPki.Issuer.Issue(TestPki.Rsa.ClusterCa, KubeadmCertificateProfiles.ApiServer(ApiServerNames));
        var certFile = _dir.Write("apiserver.crt", leaf.CertificatePem);
        var caFile = _dir.Write("ca.crt", TestPki.Rsa.ClusterCa.CertificatePem);

        var read = await OpenSslCertificate.ReadAsync(certFile);
        var forVip = await Tool.RunAsync("openssl", ["verify", "-purpose", "sslserver", "-verify_ip", "10.0.0.100", "-CAfile", caFile, certFile]);
        var forServiceName = await Tool.RunAsync("openssl", ["verify", "-purpose", "sslserver", "-verify_hostname", "kubernetes.default.svc.cluster.local", "-CAfile", caFile, certFile]);
        var forStranger = await Tool.RunAsync("openssl", ["verify", "-purpose", "sslserver", "-verify_hostname", "evil.example", "-CAfile", caFile, certFile]);

        Assert.Equal(
        [
            "DNS:alpha-cp-0", "DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc", "DNS:kubernetes.default.svc.cluster.local",
            "DNS:api.alpha.example", "IP Address:10.96.0.1", "IP Address:10.0.0.21", "IP Address:FD00:0:0:0:0:0:0:21", "IP Address:10.0.0.100",
            "IP Address:192.0.2.7",
        ], read.SubjectAlternativeNames);
        Assert.Equal(0, forVip.ExitCode);
        Assert.Equal(0, forServiceName.ExitCode);
        Assert.NotEqual(0, forStranger.ExitCode);
        Assert.Contains("hostname mismatch", forStranger.Stdout + forStranger.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Issue_EtcdServer_NodeNameLocalhostAndLoopbacks()
    {
        var leaf = TestPki.Issuer.Issue(TestPki.Rsa.EtcdCa, KubeadmCertificateProfiles.EtcdServer(EtcdNames with { ExtraSans = ["etcd.alpha.example"] }));

        var read = await OpenSslCertificate.ReadAsync(_dir.Write("server.crt", leaf.CertificatePem));

        Assert.Equal(
            ["DNS:alpha-cp-0", "DNS:localhost", "DNS:etcd.alpha.example", "IP Address:10.0.0.21", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1"],
            read.SubjectAlternativeNames);
    }

    [Fact]
    public async Task Issue_EcdsaCaAndKey_VerifiesWithDigitalSignatureOnly()
    {
        var leaf = TestPki.Issuer.Issue(TestPki.Ecdsa.ClusterCa, KubeadmCertificateProfiles.Admin("v1.30.0"), algorithm: KeyAlgorithm.EcdsaP256);
        var certFile = _dir.Write("admin.crt", leaf.CertificatePem);

        var verify = await Tool.OpenSslAsync("verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", _dir.Write("ca.crt", TestPki.Ecdsa.ClusterCa.CertificatePem), certFile);
        var read = await OpenSslCertificate.ReadAsync(certFile);

        Assert.Equal($"{certFile}: OK\n", verify);
        Assert.Equal((true, "Digital Signature"), read.Extension("X509v3 Key Usage"));
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", leaf.PrivateKeyPem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_DefaultLifetime_OneYearAndOpenSslRejectsItAfterwards()
    {
        var now = DateTimeOffset.UtcNow;
        var leaf = new CertificateIssuer(new FakeTimeProvider(now)).Issue(TestPki.Rsa.ClusterCa, KubeadmCertificateProfiles.FrontProxyClient());
        var certificate = X509Certificate2.CreateFromPem(leaf.CertificatePem);
        var caFile = _dir.Write("ca.crt", TestPki.Rsa.ClusterCa.CertificatePem);
        var certFile = _dir.Write("leaf.crt", leaf.CertificatePem);

        var justBefore = await Tool.RunAsync("openssl", ["verify", "-attime", (now + TimeSpan.FromDays(364)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "-CAfile", caFile, certFile]);
        var after = await Tool.RunAsync("openssl", ["verify", "-attime", (now + TimeSpan.FromDays(366)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "-CAfile", caFile, certFile]);

        Assert.Equal(TimeSpan.FromDays(365) + TimeSpan.FromMinutes(5), certificate.NotAfter - certificate.NotBefore);
        Assert.Equal(0, justBefore.ExitCode);
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("certificate has expired", after.Stdout + after.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_CaMadeByOpenSslWithPkcs8Key_LeafVerifiesAgainstIt()
    {
        var key = Path.Combine(_dir.Path, "ext-ca.key");
        var cert = Path.Combine(_dir.Path, "ext-ca.crt");
        await Tool.OpenSslAsync("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key);
        await Tool.OpenSslAsync("req", "-x509", "-new", "-key", key, "-subj", "/CN=site-ca", "-days", "30", "-out", cert,
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,digitalSignature");
        var ca = new CertificateAndKey(File.ReadAllText(cert), File.ReadAllText(key));

        var leaf = TestPki.Issuer.Issue(ca, KubeadmCertificateProfiles.FrontProxyClient());
        var verify = await Tool.OpenSslAsync("verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", cert, _dir.Write("leaf.crt", leaf.CertificatePem));

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", ca.PrivateKeyPem, StringComparison.Ordinal);
        Assert.EndsWith(": OK\n", verify, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_LifetimePastTheCa_CutToTheCasNotAfter()
    {
        var ca = new ClusterPkiGenerator(TimeProvider.System).GenerateCa("short", KeyAlgorithm.EcdsaP256, TimeSpan.FromDays(30));

        var leaf = TestPki.Issuer.Issue(ca, KubeadmCertificateProfiles.FrontProxyClient(), TimeSpan.FromDays(365), KeyAlgorithm.EcdsaP256);

        Assert.Equal(X509Certificate2.CreateFromPem(ca.CertificatePem).NotAfter, X509Certificate2.CreateFromPem(leaf.CertificatePem).NotAfter);
    }

    [Fact]
    public void Issue_LeafAsCa_RefusedAsNotACa()
    {
        var leaf = TestPki.Issuer.Issue(TestPki.Rsa.ClusterCa, KubeadmCertificateProfiles.FrontProxyClient());

        var e = Assert.Throws<PkiException>(() => TestPki.Issuer.Issue(leaf, KubeadmCertificateProfiles.FrontProxyClient()));

        Assert.Equal(PkiErrorCode.InvalidCertificate, e.Code);
        Assert.Contains("is not a CA", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_ExpiredCa_RefusedNamingTheExpiry()
    {
        var start = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(start);
        var ca = new ClusterPkiGenerator(clock).GenerateCa("old", KeyAlgorithm.EcdsaP256, TimeSpan.FromDays(2));
        clock.Advance(TimeSpan.FromDays(3));

        var e = Assert.Throws<PkiException>(() => new CertificateIssuer(clock).Issue(ca, KubeadmCertificateProfiles.FrontProxyClient()));

        Assert.Contains("expired at", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_KeyOfAnotherCa_RefusedWithoutQuotingTheKey()
    {
        var mismatched = new CertificateAndKey(TestPki.Rsa.ClusterCa.CertificatePem, TestPki.Rsa.EtcdCa.PrivateKeyPem);

        var e = Assert.Throws<PkiException>(() => TestPki.Issuer.Issue(mismatched, KubeadmCertificateProfiles.FrontProxyClient()));

        Assert.Equal(PkiErrorCode.InvalidCertificate, e.Code);
        Assert.Contains("does not belong to its certificate", e.Message, StringComparison.Ordinal);
        foreach (var fragment in TestPki.SecretFragments(TestPki.Rsa))
        {
            Assert.DoesNotContain(fragment, e.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Issue_BadProfileAndLifetime_EveryErrorAtOnce()
    {
        var profile = new CertificateProfile("custom", " ", [], CertificateUsages.None, [], []);

        var e = Assert.Throws<PkiException>(() => TestPki.Issuer.Issue(TestPki.Rsa.ClusterCa, profile, TimeSpan.FromHours(-1)));

        Assert.Equal(PkiErrorCode.InvalidRequest, e.Code);
        Assert.Contains("lifetime: must be positive", e.Message, StringComparison.Ordinal);
        Assert.Contains("commonName: is required", e.Message, StringComparison.Ordinal);
        Assert.Contains("usages:", e.Message, StringComparison.Ordinal);
    }
}
