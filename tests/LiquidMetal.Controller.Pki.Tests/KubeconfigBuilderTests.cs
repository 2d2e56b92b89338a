using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LiquidMetal.Controller.Pki.Tests.TestSupport;

namespace LiquidMetal.Controller.Pki.Tests;

/// <summary>Admin kubeconfigs read by the real kubectl (LM_KUBECTL or the one on PATH) and used against a real TLS server.</summary>
public sealed class KubeconfigBuilderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly AdminKubeconfigIssuer _issuer = new(TestPki.Issuer);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Issue_ConfigView_KubectlShowsTheClusterUserAndContext()
    {
        var kubeconfig = _issuer.Issue("alpha", TestPki.Rsa, "10.0.0.100", "v1.31.2");
        var path = _dir.Write("alpha.conf", kubeconfig.Yaml);

        var view = await Tool.CheckAsync(Tool.Kubectl, "config", "view", "--kubeconfig", path);
        var contexts = await Tool.CheckAsync(Tool.Kubectl, "config", "get-contexts", "--kubeconfig", path, "-o", "name");

        Assert.Contains("server: https://10.0.0.100:6443", view, StringComparison.Ordinal);
        Assert.Contains("current-context: alpha-admin@alpha", view, StringComparison.Ordinal);
        Assert.Contains("name: alpha-admin", view, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", view, StringComparison.Ordinal);
        Assert.Equal("alpha-admin@alpha\n", contexts);
        Assert.Equal("alpha-admin", kubeconfig.UserName);
    }

    [Fact]
    public async Task Issue_RawMinifyView_RoundTripsEveryEmbeddedPem()
    {
        var kubeconfig = _issuer.Issue("alpha", TestPki.Rsa, "fd00::100", "v1.31.2", port: 16443);
        var path = _dir.Write("alpha.conf", kubeconfig.Yaml);

        var json = await Tool.CheckAsync(Tool.Kubectl, "config", "view", "--kubeconfig", path, "--raw", "--minify", "-o", "json");
        var yaml = await Tool.CheckAsync(Tool.Kubectl, "config", "view", "--kubeconfig", path, "--raw", "--minify");
        var again = await Tool.CheckAsync(Tool.Kubectl, "config", "view", "--kubeconfig", _dir.Write("again.conf", yaml), "--raw", "--minify", "-o", "json");

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var cluster = root.GetProperty("clusters")[0];
        var user = root.GetProperty("users")[0];
        Assert.Equal("alpha", cluster.GetProperty("name").GetString());
        Assert.Equal("https://[fd00::100]:16443", cluster.GetProperty("cluster").GetProperty("server").GetString());
        Assert.Equal(TestPki.Rsa.ClusterCa.CertificatePem, Decode(cluster.GetProperty("cluster").GetProperty("certificate-authority-data")));
        var clientCertificate = Decode(user.GetProperty("user").GetProperty("client-certificate-data"));
        var clientKey = Decode(user.GetProperty("user").GetProperty("client-key-data"));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", clientCertificate, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", clientKey, StringComparison.Ordinal);
        Assert.Equal(json, again);

        var certFile = _dir.Write("client.crt", clientCertificate);
        var keyFile = _dir.Write("client.key", clientKey);
        var verify = await Tool.OpenSslAsync("verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", _dir.Write("ca.crt", TestPki.Rsa.ClusterCa.CertificatePem), certFile);
        Assert.Equal($"{certFile}: OK\n", verify);
        Assert.Equal(await Tool.OpenSslAsync("x509", "-in", certFile, "-noout", "-pubkey"), await Tool.OpenSslAsync("pkey", "-in", keyFile, "-pubout"));
        Assert.Equal("subject=O = kubeadm:cluster-admins, CN = kubernetes-admin\n", await Tool.OpenSslAsync("x509", "-in", certFile, "-noout", "-subject"));
    }

    [Fact]
    public async Task Issue_DefaultLifetime_ClientCertificateValidFor24Hours()
    {
        var kubeconfig = _issuer.Issue("alpha", TestPki.Rsa, "10.0.0.100", "v1.28.4", superAdmin: false);
        using var document = JsonDocument.Parse(await Tool.CheckAsync(Tool.Kubectl, "config", "view", "--kubeconfig", _dir.Write("a.conf", kubeconfig.Yaml), "--raw", "-o", "json"));
        var certFile = _dir.Write("client.crt", Decode(document.RootElement.GetProperty("users")[0].GetProperty("user").GetProperty("client-certificate-data")));

        var dates = await Tool.OpenSslAsync("x509", "-in", certFile, "-noout", "-subject", "-startdate", "-enddate");
        var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(certFile));

        Assert.Contains("subject=O = system:masters, CN = kubernetes-admin", dates, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(5), certificate.NotAfter - certificate.NotBefore);
        Assert.Equal(kubeconfig.NotAfter.UtcDateTime, certificate.NotAfter.ToUniversalTime());
        Assert.DoesNotContain("PRIVATE", kubeconfig.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_AgainstAnOpenSslServerWithTheApiServerCertificate_KubectlTrustsItAndIsAccepted()
    {
        var pki = TestPki.Rsa;
        var serving = TestPki.Issuer.Issue(pki.ClusterCa, KubeadmCertificateProfiles.ApiServer(new ApiServerCertificateNames
        {
            NodeName = "alpha-cp-0",
            NodeAddresses = [IPAddress.Parse("10.0.0.21")],
            EndpointHost = "127.0.0.1",
        }));
        var port = FreePort();
        var good = _dir.Write("good.conf", _issuer.Issue("alpha", pki, "127.0.0.1", "v1.31.2", port: port).Yaml);
        var strangerCa = _dir.Write("stranger.conf", _issuer.Issue("alpha", TestPki.Ecdsa, "127.0.0.1", "v1.31.2", port: port).Yaml);
        var wrongName = _dir.Write("wrong-name.conf", KubeconfigBuilder.Build("alpha", "localhost", port, pki.ClusterCa.CertificatePem, "alpha-admin",
            TestPki.Issuer.Issue(pki.ClusterCa, KubeadmCertificateProfiles.Admin("v1.31.2"))));
        var strangerClient = _dir.Write("stranger-client.conf", KubeconfigBuilder.Build("alpha", "127.0.0.1", port, pki.ClusterCa.CertificatePem, "alpha-admin",
            TestPki.Issuer.Issue(TestPki.Ecdsa.ClusterCa, KubeadmCertificateProfiles.Admin("v1.31.2"))));
        var www = Directory.CreateDirectory(Path.Combine(_dir.Path, "www")).FullName;
        File.WriteAllText(Path.Combine(www, "version"), "{\"gitVersion\":\"v1.31.2\"}");

        using var server = StartServer(port, www, _dir.Write("apiserver.crt", serving.CertificatePem), _dir.Write("apiserver.key", serving.PrivateKeyPem),
            _dir.Write("ca.crt", pki.ClusterCa.CertificatePem));
        try
        {
            var accepted = await RetryAsync(() => Tool.RunAsync(Tool.Kubectl, ["--kubeconfig", good, "get", "--raw", "/version"]));
            var untrusted = await Tool.RunAsync(Tool.Kubectl, ["--kubeconfig", strangerCa, "get", "--raw", "/version"]);
            var mismatch = await Tool.RunAsync(Tool.Kubectl, ["--kubeconfig", wrongName, "get", "--raw", "/version"]);
            var refusedClient = await Tool.RunAsync(Tool.Kubectl, ["--kubeconfig", strangerClient, "get", "--raw", "/version"]);

            Assert.True(accepted.ExitCode == 0, accepted.Stderr);
            Assert.Equal("{\"gitVersion\":\"v1.31.2\"}", accepted.Stdout.Trim());
            Assert.NotEqual(0, untrusted.ExitCode);
            Assert.Contains("x509", untrusted.Stderr, StringComparison.Ordinal);
            Assert.NotEqual(0, mismatch.ExitCode);
            Assert.Contains("localhost", mismatch.Stderr, StringComparison.Ordinal);
            Assert.NotEqual(0, refusedClient.ExitCode);
            Assert.DoesNotContain("gitVersion", refusedClient.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill();
        }
    }

    [Fact]
    public void Build_HostileNames_EveryFieldRefusedAtOnce()
    {
        var client = TestPki.Issuer.Issue(TestPki.Rsa.ClusterCa, KubeadmCertificateProfiles.Admin("v1.31.2"));

        var e = Assert.Throws<PkiException>(() => KubeconfigBuilder.Build("a\"\nb: c", "10.0.0.1:6443", 0, TestPki.Rsa.ClusterCa.CertificatePem, "x y", client));

        Assert.Equal(PkiErrorCode.InvalidRequest, e.Code);
        foreach (var field in new[] { "clusterName:", "userName:", "endpointHost:", "port:" })
        {
            Assert.Contains(field, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Build_ClusterNamedLikeAYamlBoolean_StaysAString()
    {
        var client = TestPki.Issuer.Issue(TestPki.Rsa.ClusterCa, KubeadmCertificateProfiles.Admin("v1.31.2"));
        var path = _dir.Write("true.conf", KubeconfigBuilder.Build("true", "api.example", 6443, TestPki.Rsa.ClusterCa.CertificatePem, "null", client));

        var names = await Tool.CheckAsync(Tool.Kubectl, "config", "get-clusters", "--kubeconfig", path);

        Assert.Contains("true", names, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_BadVersionAndEndpoint_InvalidRequestNamingBoth()
    {
        var e = Assert.Throws<PkiException>(() => _issuer.Issue("alpha", TestPki.Rsa, "https://10.0.0.1", "latest"));

        Assert.Contains("endpointHost:", e.Message, StringComparison.Ordinal);
        Assert.Contains("kubernetesVersion:", e.Message, StringComparison.Ordinal);
    }

    private static string Decode(JsonElement element) => Encoding.UTF8.GetString(Convert.FromBase64String(element.GetString()!));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>openssl s_server serving files from <paramref name="root"/> (-WWW), requiring a client certificate signed by <paramref name="caFile"/>.</summary>
    private static Process StartServer(int port, string root, string certFile, string keyFile, string caFile)
    {
        var info = new ProcessStartInfo("openssl") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "s_server", "-accept", $"127.0.0.1:{port}", "-cert", certFile, "-key", keyFile, "-CAfile", caFile,
                     "-Verify", "1", "-verify_return_error", "-WWW", "-quiet" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Until the server listens: a refused connection is retried (up to 10 s), anything else returned.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RetryAsync(Func<Task<(int ExitCode, string Stdout, string Stderr)>> run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var result = await run();
            if (result.ExitCode == 0 || !result.Stderr.Contains("connection refused", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(100);
        }
    }
}
