using System.Text;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Kubernetes.Tests.Infrastructure;
using LiquidMetal.Controller.Pki;
using LiquidMetal.Controller.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Controller.Tests;

/// <summary>
/// Fresh join tokens end to end: the controller process with three real agents and a cluster whose endpoint is a
/// loopback stand-in of its kube-apiserver (there is no kube-apiserver on these machines), with a 60 s token ttl and a
/// 59 s join margin, so a worker added a few seconds after the cluster was made needs a fresh token.
/// </summary>
public class ControllerJoinTokenTests
{
    [Fact]
    public async Task Controller_JoinAfterTokenTtl_HeldWhileApiUnreachableThenCreatedWithRegisteredFreshToken()
    {
        await using var site = await ThreeAgentSite.StartAsync();
        var apiPort = ControllerProcess.FreePort();
        var endpoint = $"{{ address: \"127.0.0.1:{apiPort}\" }}";
        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 1, 0, endpoint: endpoint));
        await using var controller = new ControllerProcess(site.StateDirectory, site.FleetDirectory, pkiKey: true,
            "--Controller:BootstrapTokenTtl", "00:01:00", "--Controller:BootstrapTokenJoinMargin", "00:00:59", "--Kubernetes:Timeout", "00:00:02");
        controller.Start();
        await site.WaitConvergedAsync(controller);

        // The cluster CA, as the controller keeps it (read from its store while it is stopped: the store is locked while open).
        await controller.KillAsync();
        var clusterCa = await ReadClusterCaAsync(controller, "alpha");

        // The first token serves joins only while ttl - margin (1 s) has not passed since the PKI was made: make sure
        // it has (a fast controller converges the first node within that second).
        await Task.Delay(TimeSpan.FromSeconds(2));

        // A worker now: its fresh token cannot be registered (nothing listens at the endpoint), so no VM is created.
        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 1, 1, endpoint: endpoint));
        controller.Start();
        var held = await WaitForRowAsync(controller,
            "SELECT message FROM conditions WHERE type = 'VmAvailable' AND reason = 'BootstrapUnavailable' AND message LIKE '%cannot be registered%'");
        Assert.Contains($"https://127.0.0.1:{apiPort}/", held, StringComparison.Ordinal);
        Assert.Contains("control plane is up", held, StringComparison.Ordinal);
        Assert.NotNull(await WaitForRowAsync(controller, "SELECT message FROM events WHERE reason = 'JoinTokenUnavailable'"));
        Assert.DoesNotContain(await site.LiveVmsAsync(), v => v.Role == NodeRole.Worker);

        // The API server comes up: the next try registers the token and the worker is created with it.
        await using var apiServer = await KubeApiServerStandIn.StartAsync(clusterCa, clusterCa, apiPort);
        await site.WaitConvergedAsync(controller, TimeSpan.FromSeconds(90));

        var worker = Assert.Single(await site.LiveBootstrapsAsync(), b => b.Vm.Role == NodeRole.Worker);
        var userData = worker.Documents["user-data"];
        var (name, secret) = Assert.Single(apiServer.Secrets);
        var data = secret["data"]!.AsObject().ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(Convert.FromBase64String((string)p.Value!)));
        Assert.Equal("bootstrap-token-" + data["token-id"], name);
        // The YAML scalar may be quoted (a token that starts with a digit).
        Assert.Matches($"\n +token: '?{data["token-id"]}\\.{data["token-secret"]}'?\n", userData);
        Assert.Equal("system:bootstrappers:kubeadm:default-node-token", data["auth-extra-groups"]);
        Assert.True(DateTimeOffset.Parse(data["expiration"], System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow + TimeSpan.FromSeconds(50));
        Assert.All(apiServer.Requests, r => Assert.Equal(("kubernetes-admin", KubeadmCertificateProfiles.ClusterAdminsGroup), (r.User, Assert.Single(r.Groups))));

        // The init node's token is another one: the fresh token was needed.
        var init = Assert.Single(await site.LiveBootstrapsAsync(), b => b.Vm.Role == NodeRole.ControlPlane);
        Assert.DoesNotContain($"{data["token-id"]}.{data["token-secret"]}", init.Documents["user-data"], StringComparison.Ordinal);
    }

    private static async Task<CertificateAndKey> ReadClusterCaAsync(ControllerProcess controller, string cluster)
    {
        using var key = PkiEncryptionKey.LoadFile(controller.KeyFile);
        await using var store = await SqliteControllerStore.OpenAsync(new SqliteControllerStoreOptions { DatabasePath = controller.DatabasePath },
            NullLogger<SqliteControllerStore>.Instance, CancellationToken.None);
        var provider = new ClusterPkiProvider(store, key, new ClusterPkiOptions(), TimeProvider.System, NullLogger<ClusterPkiProvider>.Instance);
        var pki = await provider.GetAsync(cluster, CancellationToken.None);
        Assert.NotNull(pki);
        return pki.ClusterCa;
    }

    /// <summary>The first column of the first row <paramref name="query"/> returns, once it returns one (30 s at most).</summary>
    private static async Task<string> WaitForRowAsync(ControllerProcess controller, string query)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using (var connection = new SqliteConnection($"Data Source={controller.DatabasePath};Mode=ReadOnly;Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = query;
                if (command.ExecuteScalar() is string value)
                {
                    return value;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"no row for {query}\ncontroller log:\n{controller.Log}");
            }

            await Task.Delay(200);
        }
    }
}
