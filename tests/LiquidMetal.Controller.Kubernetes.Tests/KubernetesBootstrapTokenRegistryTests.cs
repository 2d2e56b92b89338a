using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Kubernetes.Tests.Infrastructure;
using LiquidMetal.Controller.Pki;
using Microsoft.Extensions.Logging.Abstractions;
using BootstrapToken = LiquidMetal.Controller.Core.Bootstrap.BootstrapToken;

namespace LiquidMetal.Controller.Kubernetes.Tests;

public class KubernetesBootstrapTokenRegistryTests
{
    private static readonly Lazy<ClusterPki> Pki = new(() => new ClusterPkiGenerator(TimeProvider.System).Generate());

    private static readonly BootstrapTokenSecret Token = new(new BootstrapToken("k7x2ab", "q9w8e7r6t5y4u3i2"),
        new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero), "Liquid Metal join token of cluster alpha, issue window 1");

    private static KubernetesBootstrapTokenRegistry Registry(TimeSpan? timeout = null) => new(new CertificateIssuer(TimeProvider.System),
        new KubernetesApiOptions { Timeout = timeout ?? TimeSpan.FromSeconds(5) }, NullLogger<KubernetesBootstrapTokenRegistry>.Instance);

    private static WorkloadCluster Cluster(int port, string version = "v1.31.4") => new()
    {
        Name = "alpha",
        KubernetesVersion = version,
        EndpointHost = "127.0.0.1",
        EndpointPort = port,
        CaCertificatePem = Pki.Value.ClusterCa.CertificatePem,
        CaPrivateKeyPem = Pki.Value.ClusterCa.PrivateKeyPem,
    };

    private static Task<KubeApiServerStandIn> StartAsync() => KubeApiServerStandIn.StartAsync(Pki.Value.ClusterCa, Pki.Value.ClusterCa);

    [Fact]
    public async Task EnsureAsync_NewToken_CreatesKubeadmsSecretAsClusterAdmin()
    {
        await using var server = await StartAsync();

        await Registry().EnsureAsync(Cluster(server.Port), Token, CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/api/v1/namespaces/kube-system/secrets", "application/json"), (request.Method, request.Path, request.ContentType));
        Assert.Equal("kubernetes-admin", request.User);
        Assert.Equal([KubeadmCertificateProfiles.ClusterAdminsGroup], request.Groups);
        var secret = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal("v1", (string?)secret["apiVersion"]);
        Assert.Equal("Secret", (string?)secret["kind"]);
        Assert.Equal("bootstrap-token-k7x2ab", (string?)secret["metadata"]!["name"]);
        Assert.Equal("kube-system", (string?)secret["metadata"]!["namespace"]);
        Assert.Equal("bootstrap.kubernetes.io/token", (string?)secret["type"]);
        var data = secret["data"]!.AsObject().ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(Convert.FromBase64String((string)p.Value!)));
        Assert.Equal(new Dictionary<string, string>
        {
            ["auth-extra-groups"] = "system:bootstrappers:kubeadm:default-node-token",
            ["description"] = "Liquid Metal join token of cluster alpha, issue window 1",
            ["expiration"] = "2026-11-26T13:00:00Z",
            ["token-id"] = "k7x2ab",
            ["token-secret"] = "q9w8e7r6t5y4u3i2",
            ["usage-bootstrap-authentication"] = "true",
            ["usage-bootstrap-signing"] = "true",
        }, data);
        Assert.True(server.Secrets.ContainsKey("bootstrap-token-k7x2ab"));
    }

    [Fact]
    public async Task EnsureAsync_Kubernetes128_AuthenticatesAsSystemMasters()
    {
        await using var server = await StartAsync();

        await Registry().EnsureAsync(Cluster(server.Port, "v1.28.9"), Token, CancellationToken.None);

        Assert.Equal([KubeadmCertificateProfiles.MastersGroup], Assert.Single(server.Requests).Groups);
    }

    [Fact]
    public async Task EnsureAsync_SameTokenTwice_SecondAcceptsTheExistingSecret()
    {
        await using var server = await StartAsync();
        var registry = Registry();

        await registry.EnsureAsync(Cluster(server.Port), Token, CancellationToken.None);
        await registry.EnsureAsync(Cluster(server.Port), Token, CancellationToken.None);

        Assert.Equal(["POST", "POST", "GET"], server.Requests.Select(r => r.Method));
        Assert.Equal("/api/v1/namespaces/kube-system/secrets/bootstrap-token-k7x2ab", server.Requests.Last().Path);
        Assert.Single(server.Secrets);
    }

    [Fact]
    public async Task EnsureAsync_OtherSecretUnderTheSameId_ThrowsConflict()
    {
        await using var server = await StartAsync();
        var other = Token with { Token = new BootstrapToken("k7x2ab", "0000000000000000") };
        await Registry().EnsureAsync(Cluster(server.Port), other, CancellationToken.None);

        var e = await Assert.ThrowsAsync<WorkloadApiException>(() => Registry().EnsureAsync(Cluster(server.Port), Token, CancellationToken.None));

        Assert.Equal(WorkloadApiErrorCode.Conflict, e.Code);
        Assert.Contains("kube-system/bootstrap-token-k7x2ab already exists in cluster alpha", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("q9w8e7r6t5y4u3i2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAsync_ServerCertificateFromAnotherCa_ThrowsUntrustedAndSendsNothing()
    {
        var other = new ClusterPkiGenerator(TimeProvider.System).GenerateCa("kubernetes", KeyAlgorithm.EcdsaP256, TimeSpan.FromDays(30));
        await using var server = await KubeApiServerStandIn.StartAsync(Pki.Value.ClusterCa, other);

        var e = await Assert.ThrowsAsync<WorkloadApiException>(() => Registry().EnsureAsync(Cluster(server.Port), Token, CancellationToken.None));

        Assert.Equal(WorkloadApiErrorCode.Untrusted, e.Code);
        Assert.Contains("does not verify against the cluster CA", e.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task EnsureAsync_EndpointNotInServerCertificate_ThrowsUntrusted()
    {
        await using var server = await StartAsync();

        var e = await Assert.ThrowsAsync<WorkloadApiException>(() =>
            Registry().EnsureAsync(Cluster(server.Port) with { EndpointHost = "localhost" }, Token, CancellationToken.None));

        Assert.Equal(WorkloadApiErrorCode.Untrusted, e.Code);
        Assert.Contains("does not name the endpoint localhost", e.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task EnsureAsync_NothingListening_ThrowsUnreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var e = await Assert.ThrowsAsync<WorkloadApiException>(() => Registry().EnsureAsync(Cluster(port), Token, CancellationToken.None));

        Assert.Equal(WorkloadApiErrorCode.Unreachable, e.Code);
        Assert.Contains($"https://127.0.0.1:{port}/ cannot be reached", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAsync_ServerSlowerThanTimeout_ThrowsUnreachableInsteadOfWaiting()
    {
        await using var server = await StartAsync();
        server.Delay = TimeSpan.FromSeconds(30);

        var e = await Assert.ThrowsAsync<WorkloadApiException>(() => Registry(TimeSpan.FromSeconds(1)).EnsureAsync(Cluster(server.Port), Token, CancellationToken.None));

        Assert.Equal(WorkloadApiErrorCode.Unreachable, e.Code);
        Assert.Contains("did not answer within 1 s", e.Message, StringComparison.Ordinal);
        Assert.Empty(server.Secrets);
    }

    [Fact]
    public async Task EnsureAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = await StartAsync();
        server.Delay = TimeSpan.FromSeconds(30);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Registry(TimeSpan.FromSeconds(20)).EnsureAsync(Cluster(server.Port), Token, cancel.Token));
    }

    [Fact]
    public async Task EnsureAsync_AdminGroupNotBound_ThrowsUnauthorizedWithServersMessage()
    {
        await using var server = await StartAsync();
        server.AdminGroups.Remove(KubeadmCertificateProfiles.ClusterAdminsGroup);

        var e = await Assert.ThrowsAsync<WorkloadApiException>(() => Registry().EnsureAsync(Cluster(server.Port), Token, CancellationToken.None));

        Assert.Equal(WorkloadApiErrorCode.Unauthorized, e.Code);
        Assert.Contains("403 Forbidden: secrets is forbidden: User \"kubernetes-admin\" cannot post", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAsync_ServerError_ThrowsRefusedWithStatusMessage()
    {
        await using var server = await StartAsync();
        server.Failure = (500, "etcdserver: request timed out");

        var e = await Assert.ThrowsAsync<WorkloadApiException>(() => Registry().EnsureAsync(Cluster(server.Port), Token, CancellationToken.None));

        Assert.Equal(WorkloadApiErrorCode.Refused, e.Code);
        Assert.Contains("creating Secret kube-system/bootstrap-token-k7x2ab in cluster alpha: 500 Internal Server Error: etcdserver: request timed out", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KubernetesSecret_From_SameShapeAsKubectlsSecret()
    {
        var ours = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(KubernetesSecret.From(Token), KubernetesJsonContext.Default.KubernetesSecret))!.AsObject();
        var arguments = new List<string> { "create", "secret", "generic", "bootstrap-token-k7x2ab", "--namespace", "kube-system",
            "--type", "bootstrap.kubernetes.io/token", "--dry-run=client", "--output", "json" };
        arguments.AddRange(Token.Data.Select(p => $"--from-literal={p.Key}={p.Value}"));
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ForEach(start.ArgumentList.Add);
        start.Environment["KUBECONFIG"] = "/dev/null";
        using var kubectl = Process.Start(start)!;
        var output = kubectl.StandardOutput.ReadToEnd();
        kubectl.WaitForExit();
        Assert.True(kubectl.ExitCode == 0, kubectl.StandardError.ReadToEnd());
        var reference = JsonNode.Parse(output)!.AsObject();
        reference["metadata"]!.AsObject().Remove("creationTimestamp");

        Assert.True(JsonNode.DeepEquals(reference, ours), $"kubectl: {reference.ToJsonString()}\nours: {ours.ToJsonString()}");
    }

    [Fact]
    public async Task EnsureAsync_ClientCertificate_ShortLivedAndAcceptedByOpensslAgainstClusterCa()
    {
        await using var server = await StartAsync();
        await Registry().EnsureAsync(Cluster(server.Port), Token, CancellationToken.None);
        var pem = Assert.Single(server.Requests).ClientCertificatePem;
        using var certificate = X509Certificate2.CreateFromPem(pem);
        var directory = Directory.CreateTempSubdirectory("lm-k8s-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "ca.crt"), Pki.Value.ClusterCa.CertificatePem);
            File.WriteAllText(Path.Combine(directory.FullName, "client.crt"), pem);
            var start = new ProcessStartInfo("openssl", ["verify", "-purpose", "sslclient", "-CAfile", "ca.crt", "client.crt"])
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var openssl = Process.Start(start)!;
            var output = openssl.StandardOutput.ReadToEnd() + openssl.StandardError.ReadToEnd();
            openssl.WaitForExit();

            Assert.True(openssl.ExitCode == 0, output);
            Assert.Contains("client.crt: OK", output, StringComparison.Ordinal);
            Assert.InRange(certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow, TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(11));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
