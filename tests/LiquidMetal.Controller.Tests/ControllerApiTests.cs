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
        Assert.Contains(progress, p => p.Actions.Any(a => a.Kind == "create"));
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
}
