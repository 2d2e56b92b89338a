using LiquidMetal.Controller.Core.Model;
using Microsoft.Data.Sqlite;

namespace LiquidMetal.Controller.Tests;

/// <summary>The controller process converging three real agents from a folder of manifests.</summary>
public class ControllerConvergenceTests
{
    [Fact]
    public async Task Controller_FolderOfManifests_CreatesScalesRollsAndDeletesEveryNodeExactlyOnce()
    {
        await using var site = await ThreeAgentSite.StartAsync();
        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 3, 2) + "---\n" + ThreeAgentSite.Cluster("beta", 1, 1));
        await using var controller = new ControllerProcess(site.StateDirectory, site.FleetDirectory);
        controller.Start();

        await site.WaitConvergedAsync(controller);
        Assert.Equal(7, (await site.LiveVmsAsync()).Count);
        await AssertBootstrapsAsync(site);

        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 3, 4) + "---\n" + ThreeAgentSite.Cluster("beta", 1, 1));
        await site.WaitConvergedAsync(controller);
        Assert.Equal(4, (await site.LiveVmsAsync()).Count(v => v.Pool == "vm" && v.Cluster == "alpha"));

        var before = (await site.LiveVmsAsync()).Where(v => v.Cluster == "alpha").Select(v => v.VmId).ToHashSet();
        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 3, 4, tag: "b") + "---\n" + ThreeAgentSite.Cluster("beta", 1, 1));
        await site.WaitConvergedAsync(controller);
        Assert.All((await site.LiveVmsAsync()).Where(v => v.Cluster == "alpha"), v => Assert.DoesNotContain(v.VmId, before));

        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 3, 4, tag: "b"));
        await site.WaitConvergedAsync(controller);
        Assert.DoesNotContain(await site.LiveVmsAsync(), v => v.Cluster == "beta");
        // beta is gone for good: its PKI is forgotten once its records are; alpha keeps its own.
        await WaitForPkisAsync(controller, ["alpha"]);

        await controller.KillAsync();
        await AssertRecordsMatchAgentsAsync(site, controller);
    }

    [Fact]
    public async Task Controller_KilledAtRandomPointsDuringApplies_ConvergesWithEveryNodeExactlyOnce()
    {
        await using var site = await ThreeAgentSite.StartAsync();
        await using var controller = new ControllerProcess(site.StateDirectory, site.FleetDirectory);
        var random = new Random(20261124);
        var killedMidway = 0;
        var trace = new List<string>();
        // At least 20 kills, and more (up to 60) until 5 of them landed part-way: on a quiet machine an apply can
        // finish within a few hundred milliseconds of its first change.
        var rounds = 0;
        for (var round = 0; round < 60 && (round < 20 || killedMidway < 5); round++, rounds++)
        {
            var before = Fingerprint(await site.LiveVmsAsync());
            // Every round a new spec (tag) and another size: creates, rolls and deletes are all under way when it is
            // killed, at a random moment after its first change to the agents.
            site.WriteFleet(ThreeAgentSite.Cluster("alpha", 3, 1 + (round % 3), tag: $"r{round}") + "---\n" +
                ThreeAgentSite.Cluster("beta", 1, round % 2, tag: $"r{round}"));
            controller.Start();
            await WaitForFirstChangeAsync(site, before, TimeSpan.FromSeconds(20));
            await Task.Delay(random.Next(0, 150));
            await controller.KillAsync();
            var changed = Fingerprint(await site.LiveVmsAsync()) != before;
            var difference = await site.DifferenceAsync();
            trace.Add($"round {round}: changed={changed} converged={difference is null}");
            if (changed && difference is not null)
            {
                killedMidway++;
            }
        }

        // Kills must really land part-way through applies, not only before or after them.
        Assert.True(killedMidway >= 5, $"only {killedMidway} of {rounds} kills landed part-way through an apply:\n{string.Join("\n", trace)}\n{controller.Log}");
        controller.Start();
        await site.WaitConvergedAsync(controller, TimeSpan.FromSeconds(120));
        await controller.KillAsync();
        await AssertRecordsMatchAgentsAsync(site, controller);
    }

    /// <summary>
    /// Every created VM carries its node's bootstrap in its metadata, as the agent returns it: one control-plane node per
    /// cluster runs kubeadm init, every other node joins; workers get no CA key; all of one cluster share its CA hash
    /// and join token; meta-data names the node and its host.
    /// </summary>
    private static async Task AssertBootstrapsAsync(ThreeAgentSite site)
    {
        var bootstraps = await site.LiveBootstrapsAsync();
        Assert.Equal(7, bootstraps.Count);
        foreach (var cluster in bootstraps.GroupBy(b => b.Vm.Cluster))
        {
            Assert.Single(cluster, b => b.Documents["user-data"].Contains("kubeadm init --config /run/kubeadm/kubeadm.yaml", StringComparison.Ordinal));
            var init = cluster.Single(b => b.Documents["user-data"].Contains("kubeadm init", StringComparison.Ordinal));
            Assert.Equal(NodeRole.ControlPlane, init.Vm.Role);
            Assert.All(cluster.Where(b => b != init), b => Assert.Contains("kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml", b.Documents["user-data"], StringComparison.Ordinal));
            Assert.All(cluster.Where(b => b.Vm.Role == NodeRole.ControlPlane), b => Assert.Contains("/etc/kubernetes/pki/ca.key", b.Documents["user-data"], StringComparison.Ordinal));
            Assert.All(cluster.Where(b => b.Vm.Role == NodeRole.Worker), b => Assert.DoesNotContain("PRIVATE KEY", b.Documents["user-data"], StringComparison.Ordinal));
            Assert.Single(cluster.Select(b => Between(b.Documents["user-data"], "token: ", "\n")).Distinct());
            Assert.All(cluster, b => Assert.StartsWith("## template: jinja\n#cloud-config\n", b.Documents["user-data"], StringComparison.Ordinal));
            Assert.All(cluster, b => Assert.Contains($"local-hostname: {b.Vm.Node}\n", b.Documents["meta-data"], StringComparison.Ordinal));
            Assert.All(cluster, b => Assert.Contains($"vm_host: {b.Vm.Host}\n", b.Documents["meta-data"], StringComparison.Ordinal));
        }
    }

    private static string Between(string text, string start, string end)
    {
        var at = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{start}' not found");
        at += start.Length;
        return text[at..text.IndexOf(end, at, StringComparison.Ordinal)];
    }

    /// <summary>Waits until the controller's database holds a PKI for exactly <paramref name="clusters"/>.</summary>
    private static async Task WaitForPkisAsync(ControllerProcess controller, string[] clusters)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<string> stored;
        do
        {
            stored = [];
            await using (var connection = new SqliteConnection($"Data Source={controller.DatabasePath};Mode=ReadOnly;Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT cluster FROM cluster_pki ORDER BY cluster";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    stored.Add(reader.GetString(0));
                }
            }

            if (stored.SequenceEqual(clusters))
            {
                return;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(clusters, stored);
    }

    /// <summary>Waits until the agents' VMs differ from <paramref name="before"/>: the controller is applying.</summary>
    private static async Task WaitForFirstChangeAsync(ThreeAgentSite site, string before, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Fingerprint(await site.LiveVmsAsync()) == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    private static string Fingerprint(IEnumerable<LiquidMetal.Controller.Core.Convergence.ObservedVm> vms) =>
        string.Join(",", vms.Select(v => v.Uid).Order(StringComparer.Ordinal));

    /// <summary>The store's machine records name the host and VM id each node really has.</summary>
    private static async Task AssertRecordsMatchAgentsAsync(ThreeAgentSite site, ControllerProcess controller)
    {
        var live = await site.LiveVmsAsync();
        await using var connection = new SqliteConnection($"Data Source={controller.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT node, host, vm_id, phase FROM machines";
        using var reader = command.ExecuteReader();
        var records = new List<(string Node, string Host, string VmId, string Phase)>();
        while (reader.Read())
        {
            records.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        Assert.Equal(live.Count, records.Count);
        foreach (var vm in live)
        {
            Assert.Contains((vm.Node, vm.Host, vm.VmId, "Created"), records);
        }

        Assert.Equal(live.Count(v => v.Role == NodeRole.ControlPlane), records.Count(r => r.Node.Contains("-cp-", StringComparison.Ordinal)));
    }
}
