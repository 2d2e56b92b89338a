using Grpc.Core;
using LiquidMetal.Api.Controller.V1;
using Wire = LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Controller.Tests;

/// <summary>The controller API over TLS with its token, against three real agents.</summary>
public class ControllerApiTests
{
    [Fact]
    public async Task Api_PlanThenApplyUploadedManifests_PlansWithoutSideEffectsThenConvergesAndReports()
    {
        await using var site = await ThreeAgentSite.StartAsync();
        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 3, 2) + "---\n" + ThreeAgentSite.Cluster("beta", 1, 1));
        await using var controller = new ControllerProcess(site.StateDirectory, sourceFolder: null);
        controller.Start();
        await controller.WaitServingAsync();
        using var channel = controller.Channel();
        var client = new Wire.Controller.ControllerClient(channel);
        var files = Directory.GetFiles(site.FleetDirectory, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => new Wire.ManifestFile { Path = Path.GetFileName(f), Content = File.ReadAllText(f) }).ToList();

        // No desired state yet: the agents are not watched, so nothing can be placed, and nothing changes.
        var plan = await client.PlanAsync(new PlanRequest { Files = { files } });
        Assert.Empty(plan.Errors);
        Assert.StartsWith("sha256:", plan.Revision, StringComparison.Ordinal);
        Assert.Equal(7, plan.Unplaced.Count);
        Assert.Empty(await site.LiveVmsAsync());
        Assert.Empty((await client.GetClustersAsync(new GetClustersRequest())).Clusters);

        using var apply = client.Apply(new ApplyRequest { Files = { files } });
        var progress = new List<ApplyProgress>();
        await foreach (var message in apply.ResponseStream.ReadAllAsync())
        {
            progress.Add(message);
        }

        Assert.True(progress[^1].Converged, string.Join("\n", progress.Select(p => p.ToString())) + controller.Log);
        // A round can finish between two looks of the stream: its actions are then lost to it, its events are not.
        Assert.Contains(progress, p => p.Actions.Any(a => a.Kind == "create") || p.Events.Any(e => e.Reason == "CreatingVm"));
        Assert.Null(await site.DifferenceAsync());

        var replan = await client.PlanAsync(new PlanRequest());
        Assert.Empty(replan.Actions);
        Assert.Equal(7, replan.Placements.Count);
        Assert.All(replan.Placements, p => Assert.Equal("Kept", p.Change));

        var hosts = await client.GetHostsAsync(new GetHostsRequest());
        Assert.Equal(["sled-1", "sled-2", "sled-3"], hosts.Hosts.Select(h => h.Name));
        Assert.All(hosts.Hosts, h => Assert.Equal("Reachable", h.State));
        Assert.Equal(7, hosts.Hosts.Sum(h => h.Machines));

        var clusters = await client.GetClustersAsync(new GetClustersRequest());
        Assert.Equal(["alpha", "beta"], clusters.Clusters.Select(c => c.Name));
        Assert.All(clusters.Clusters, c => Assert.Equal("True", c.Conditions.Single(x => x.Type == "Converged").Status));

        var machines = await client.GetMachinesAsync(new GetMachinesRequest { Cluster = "alpha" });
        Assert.Equal(5, machines.Machines.Count);
        Assert.All(machines.Machines, m => Assert.Equal("Created", m.Phase));
        var live = await site.LiveVmsAsync();
        Assert.All(machines.Machines, m => Assert.Contains(live, v => v.Node == m.Node && v.Host == m.Host && v.VmId == m.VmId));

        var described = await client.DescribeClusterAsync(new DescribeClusterRequest { Name = "alpha" });
        Assert.Equal(5, described.Machines.Count);
        Assert.Equal(5, described.Placements.Count);
        Assert.Contains(described.Events, e => e.Reason == "CreatingVm");
        Assert.All(described.Events, e => Assert.StartsWith("alpha", e.Name, StringComparison.Ordinal));

        var missing = await Assert.ThrowsAsync<RpcException>(() => client.DescribeClusterAsync(new DescribeClusterRequest { Name = "nope" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        // DeleteCluster: one new revision without beta (alpha and the hosts kept), then convergence deletes beta's VMs.
        var alphaVms = (await site.LiveVmsAsync()).Where(v => v.Cluster == "alpha").Select(v => v.Uid).Order(StringComparer.Ordinal).ToList();
        using var delete = client.DeleteCluster(new DeleteClusterRequest { Name = "beta" });
        var deleted = new List<DeleteClusterProgress>();
        await foreach (var message in delete.ResponseStream.ReadAllAsync())
        {
            deleted.Add(message);
        }

        var removed = Assert.Single(deleted);
        Assert.Equal(2, removed.Generation);
        Assert.Equal(2, removed.Vms + removed.VmsDeleting);
        Assert.NotEqual(progress[^1].Revision, removed.Revision);
        var after = await client.GetClustersAsync(new GetClustersRequest());
        Assert.Equal(["alpha"], after.Clusters.Select(c => c.Name));
        Assert.Equal(removed.Revision, after.Revision);
        Assert.Equal(3, (await client.GetHostsAsync(new GetHostsRequest())).Hosts.Count);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await site.LiveVmsAsync()).Any(v => v.Cluster == "beta"))
        {
            Assert.True(DateTime.UtcNow < deadline, "beta's VMs are still live\n" + controller.Log);
            await Task.Delay(200);
        }

        Assert.Equal(alphaVms, (await site.LiveVmsAsync()).Select(v => v.Uid).Order(StringComparer.Ordinal));

        foreach (var (name, code) in new[] { ("beta", StatusCode.NotFound), ("", StatusCode.InvalidArgument) })
        {
            using var refused = client.DeleteCluster(new DeleteClusterRequest { Name = name });
            var error = await Assert.ThrowsAsync<RpcException>(() => refused.ResponseStream.MoveNext());
            Assert.Equal(code, error.StatusCode);
        }
    }

    [Fact]
    public async Task Api_InvalidManifestsOrWrongToken_RefusedWithReasons()
    {
        await using var site = await ThreeAgentSite.StartAsync();
        await using var controller = new ControllerProcess(site.StateDirectory, sourceFolder: null);
        controller.Start();
        await controller.WaitServingAsync();
        using var channel = controller.Channel();
        var client = new Wire.Controller.ControllerClient(channel);
        var bad = new Wire.ManifestFile { Path = "bad.yaml", Content = ThreeAgentSite.Cluster("alpha", 2, 1) };

        var plan = await client.PlanAsync(new PlanRequest { Files = { bad } });
        using var apply = client.Apply(new ApplyRequest { Files = { bad } });
        var messages = new List<ApplyProgress>();
        await foreach (var message in apply.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        Assert.Contains(plan.Errors, e => e.Contains("bad.yaml: document 1 (Cluster alpha): spec.controlPlane.replicas: must be 1, 3 or 5", StringComparison.Ordinal));
        Assert.Contains(Assert.Single(messages).Errors, e => e.Contains("spec.controlPlane.replicas", StringComparison.Ordinal));
        var nothing = await Assert.ThrowsAsync<RpcException>(() => client.PlanAsync(new PlanRequest()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, nothing.StatusCode);

        using var wrong = controller.Channel("not-the-token");
        var refused = await Assert.ThrowsAsync<RpcException>(() => new Wire.Controller.ControllerClient(wrong).GetHostsAsync(new GetHostsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Api_NoPkiKey_ApplyRefusedPerClusterBeforeAnyVm()
    {
        await using var site = await ThreeAgentSite.StartAsync();
        await using var controller = new ControllerProcess(site.StateDirectory, sourceFolder: null, pkiKey: false);
        controller.Start();
        await controller.WaitServingAsync();
        using var channel = controller.Channel();
        var client = new Wire.Controller.ControllerClient(channel);
        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 3, 1));
        var files = Directory.GetFiles(site.FleetDirectory).Order(StringComparer.Ordinal)
            .Select(f => new Wire.ManifestFile { Path = Path.GetFileName(f), Content = File.ReadAllText(f) }).ToList();

        var plan = await client.PlanAsync(new PlanRequest { Files = { files } });
        using var apply = client.Apply(new ApplyRequest { Files = { files } });
        var messages = new List<ApplyProgress>();
        await foreach (var message in apply.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        Assert.DoesNotContain(plan.Actions, a => a.Kind == "create");
        Assert.Equal(["Cluster alpha: its nodes cannot be bootstrapped: " + "the controller has no PKI encryption key: start it with --pki-key-file FILE (configuration Pki:EncryptionKeyFile), " +
            "a file holding 32 random bytes, e.g. (umask 077; openssl rand -base64 32 > FILE)"], Assert.Single(messages).Errors);
        Assert.Empty(await site.LiveVmsAsync());
    }
}
