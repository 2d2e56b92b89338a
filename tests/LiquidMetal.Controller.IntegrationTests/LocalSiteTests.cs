using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.IntegrationTests.Harness;
using LiquidMetal.Core.Vms;
using Xunit.Abstractions;

namespace LiquidMetal.Controller.IntegrationTests;

/// <summary>
/// The controller end to end on the local site (scripts/site/site.sh, as scripts/run-local.sh starts it): three
/// agents in their own network namespaces, real guests booting under QEMU, at most 2 at a time, the desired fleet
/// in a folder the test edits, observations through the controller's API and, for the truth, every agent's API.
/// </summary>
public sealed class LocalSiteTests(ITestOutputHelper output)
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Site_TwoClustersThroughHostLossScalingRollAndDeletion_ConvergesWithRealBoots()
    {
        var testStart = DateTimeOffset.UtcNow;
        var boots = new BootLog();
        await using var site = new LocalSite(output, GracePeriod);
        site.WriteHosts();
        LocalSite.WriteFile("alpha.yaml", LocalSite.Cluster("alpha", 3, 1));
        LocalSite.WriteFile("beta.yaml", LocalSite.Cluster("beta", 1, 1));
        await site.StartAsync();
        Func<Task> record = () => boots.RecordAsync(site, testStart);

        // 1. Every guest boots (2 at a time; the others wait), control-plane nodes on distinct hosts.
        await site.WaitAsync("6 guests Ready", () => site.DifferenceAsync(), each: record);
        await record();
        Assert.Contains("creates wait: 2 VMs booting, at most 2 at a time", LocalSite.ControllerLog, StringComparison.Ordinal);
        await site.WaitAsync("the controller reports both clusters converged", () => ClustersAsync(site, c => Is(c, "Converged", "True"), "alpha", "beta"));
        // Each guest booted with its kubeadm bootstrap in its metadata (read back through the agents): one init per cluster.
        Assert.Equal(new Dictionary<string, int> { ["alpha"] = 1, ["beta"] = 1 }, InitsPerCluster(await site.VmsAsync()));

        // 2. A server loses power (agent and QEMUs killed). Past the grace period the host is failed; beta's nodes and
        // alpha's worker there move to the others; alpha's third control-plane node cannot (its other two hosts have
        // one each), so alpha is reported degraded, keeping its quorum.
        var vms = await site.VmsAsync();
        var lost = vms.Single(v => v.Node == "beta-cp-0").Host;
        var stranded = vms.Single(v => v.Host == lost && v.Cluster == "alpha" && v.Role == NodeRole.ControlPlane).Node;
        var stale = vms.Where(v => v.Host == lost && v.Node != stranded).ToList();
        output.WriteLine($"stopping {lost}: {string.Join(", ", vms.Where(v => v.Host == lost).Select(v => v.Node))}");
        await site.StopHostAsync(lost);
        await site.WaitAsync($"{lost} failed and its movable nodes Ready elsewhere", async () =>
            await HostAsync(site, lost, "Failed") ?? await site.DifferenceAsync(stranded), each: record);
        await site.WaitAsync("alpha reported degraded with its quorum", () => ClustersAsync(site,
            c => Is(c, "Placed", "False", "Degraded") ?? Is(c, "ControlPlaneQuorum", "True"), "alpha"));
        var machine = (await site.Controller.GetMachinesAsync(new GetMachinesRequest { Cluster = "alpha" })).Machines.Single(m => m.Node == stranded);
        Assert.Equal(("False", "NotPlaced"), (machine.Conditions.Single(c => c.Type == "VmAvailable").Status, machine.Conditions.Single(c => c.Type == "VmAvailable").Reason));

        // 3. It comes back: the VMs of the nodes that moved are deleted there; alpha's control plane is whole again.
        await site.StartHostAsync(lost);
        await site.WaitAsync($"{lost} back, its stale VMs gone, every guest Ready", async () =>
            await HostAsync(site, lost, "Reachable") ?? await site.DifferenceAsync() ?? await GoneAsync(site, stale), each: record);
        await site.WaitAsync("alpha placed again", () => ClustersAsync(site, c => Is(c, "Placed", "True"), "alpha"));

        // 4. Scale alpha's pool up, then down.
        LocalSite.WriteFile("alpha.yaml", LocalSite.Cluster("alpha", 3, 2));
        await site.WaitAsync("alpha's pool scaled up to 2", () => site.DifferenceAsync(), each: record);
        var extra = (await site.VmsAsync()).Where(v => v.Node == "alpha-vm-1").ToList();
        LocalSite.WriteFile("alpha.yaml", LocalSite.Cluster("alpha", 3, 1));
        await site.WaitAsync("alpha's pool scaled down to 1", async () => await site.DifferenceAsync() ?? await GoneAsync(site, extra), each: record);

        // 5. A new machine template: every alpha node replaced, create then delete, control plane one node at a time.
        var before = await site.VmsAsync();
        var marker = (await site.Controller.DescribeClusterAsync(new DescribeClusterRequest { Name = "alpha", Events = 1 })).Events.Select(e => e.Sequence).DefaultIfEmpty(0).Max();
        LocalSite.WriteFile("alpha.yaml", LocalSite.Cluster("alpha", 3, 1, tag: "b"));
        var mostReplacing = 0;
        var fewestLive = 3;
        var fewestReady = 3;
        await site.WaitAsync("alpha rolled to its new template", async () => await site.DifferenceAsync() ?? await GoneAsync(site, before.Where(v => v.Cluster == "alpha")), each: async () =>
        {
            await record();
            // A node's new VM is made on the node's host, next to the old one: one agent's list shows both.
            var controlPlane = (await site.VmsAsync()).Where(v => v.Cluster == "alpha" && v.Role == NodeRole.ControlPlane && v.IsLive).ToList();
            mostReplacing = Math.Max(mostReplacing, controlPlane.GroupBy(v => v.Node).Count(g => g.Count() > 1));
            fewestLive = Math.Min(fewestLive, controlPlane.Select(v => v.Node).Distinct().Count());
            fewestReady = Math.Min(fewestReady, controlPlane.Where(v => v.State == MicroVmState.Created).Select(v => v.Node).Distinct().Count());
        });
        output.WriteLine($"roll: at most {mostReplacing} control-plane node(s) with two VMs, at least {fewestLive} with a live VM, at least {fewestReady} with a booted guest");
        Assert.True(mostReplacing <= 1, $"{mostReplacing} control-plane nodes were replaced at once");
        Assert.Equal(3, fewestLive);
        Assert.True(fewestReady >= 2, $"only {fewestReady} of alpha's 3 control-plane nodes had a booted guest at one point of the roll");
        var events = (await site.Controller.DescribeClusterAsync(new DescribeClusterRequest { Name = "alpha", Events = 500 })).Events
            .Where(e => e.Sequence > marker).OrderBy(e => e.Sequence).ToList();
        AssertControlPlaneRolledOneAtATime(events);
        // The replacements joined the cluster the first init made: no second init.
        Assert.Equal(0, InitsPerCluster((await site.VmsAsync()).Where(v => v.IsLive && v.Cluster == "alpha"))["alpha"]);

        // 6. beta's file leaves the folder: all its VMs are deleted, the controller forgets it.
        var betaVms = (await site.VmsAsync()).Where(v => v.Cluster == "beta").ToList();
        Assert.Equal(2, betaVms.Count);
        LocalSite.RemoveFile("beta.yaml");
        await site.WaitAsync("beta deleted", async () => await site.DifferenceAsync() ?? await GoneAsync(site, betaVms) ??
            ((await site.Controller.GetClustersAsync(new GetClustersRequest())).Clusters.Any(c => c.Name == "beta") ? "the controller still lists beta" : null));

        // Never more than 2 guests booting at once (agent timestamps: create to Ready, inside the controller's count).
        await record();
        output.WriteLine($"{boots.Count} boots observed; at most {boots.MostAtOnce()} at once");
        Assert.True(boots.Count >= 10, $"only {boots.Count} boots observed");
        Assert.InRange(boots.MostAtOnce(), 1, LocalSite.MaxBooting);

        // 7. The site goes away without a trace: no namespace, no process.
        await site.StopAsync();
        Assert.DoesNotContain($"{LocalSite.Prefix}-", await ListNamespacesAsync(), StringComparison.Ordinal);
        Assert.Empty(LiquidMetal.Testing.Agent.Shell.ProcessesMatching(LocalSite.Root));
    }

    /// <summary>In event order: a control-plane node's new VM is created only when no other one is between its create and the old VM's delete.</summary>
    private static void AssertControlPlaneRolledOneAtATime(List<Event> events)
    {
        var replacing = new HashSet<string>(StringComparer.Ordinal);
        var creates = 0;
        foreach (var e in events.Where(e => e.Name.StartsWith("alpha-cp-", StringComparison.Ordinal)))
        {
            if (e.Reason == "CreatingVm")
            {
                creates++;
                replacing.Add(e.Name);
                Assert.True(replacing.Count <= 1, $"{string.Join(", ", replacing)} replaced at once:\n{string.Join("\n", events.Select(x => $"{x.Sequence} {x.Name} {x.Reason}: {x.Message}"))}");
            }
            else if (e.Reason == "DeletingVm" && e.Message.Contains("superseded", StringComparison.Ordinal))
            {
                replacing.Remove(e.Name);
            }
        }

        Assert.True(creates >= 3, $"{creates} control-plane creates after the template change");
    }

    private static string? Is(ClusterStatus cluster, string type, string status, string? reason = null)
    {
        var condition = cluster.Conditions.SingleOrDefault(c => c.Type == type);
        return condition is not null && condition.Status == status && (reason is null || condition.Reason == reason)
            ? null
            : $"{cluster.Name} {type} is {condition?.Status} ({condition?.Reason}: {condition?.Message}), want {status} {reason}";
    }

    private static async Task<string?> ClustersAsync(LocalSite site, Func<ClusterStatus, string?> check, params string[] names)
    {
        var clusters = (await site.Controller.GetClustersAsync(new GetClustersRequest())).Clusters;
        return names.Select(n => clusters.SingleOrDefault(c => c.Name == n) is { } c ? check(c) : $"the controller does not list {n}").FirstOrDefault(p => p is not null);
    }

    private static async Task<string?> HostAsync(LocalSite site, string host, string state)
    {
        var found = (await site.Controller.GetHostsAsync(new GetHostsRequest())).Hosts.Single(h => h.Name == host);
        return found.State == state ? null : $"{host} is {found.State} ({found.LastError}), want {state}";
    }

    /// <summary>Null when none of <paramref name="vms"/> (by uid) is on its agent any more, deleting or not.</summary>
    private static async Task<string?> GoneAsync(LocalSite site, IEnumerable<SiteVm> vms)
    {
        var uids = (await site.VmsAsync()).Select(v => v.Vm.Uid).ToHashSet(StringComparer.Ordinal);
        var left = vms.Where(v => uids.Contains(v.Vm.Uid)).ToList();
        return left.Count == 0 ? null : "still there: " + string.Join(", ", left.Select(v => $"{v.VmId} on {v.Host}"));
    }

    private static async Task<string> ListNamespacesAsync() => await LiquidMetal.Testing.Agent.Shell.CheckAsync("ip", "netns", "list");

    /// <summary>
    /// Per cluster, how many live VMs' user-data (from the agents' specs) run kubeadm init; every other one must run
    /// kubeadm join, and control-plane nodes carry the cluster CA.
    /// </summary>
    private static Dictionary<string, int> InitsPerCluster(IEnumerable<SiteVm> vms)
    {
        var inits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var vm in vms.Where(v => v.IsLive))
        {
            Assert.True(vm.Vm.Spec.Metadata.TryGetValue("user-data", out var encoded), $"{vm.Node} has no user-data");
            var userData = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded!));
            var init = userData.Contains("kubeadm init --config", StringComparison.Ordinal);
            Assert.True(init || userData.Contains("kubeadm join --config", StringComparison.Ordinal), $"{vm.Node}'s user-data neither inits nor joins");
            Assert.Equal(vm.Role == NodeRole.ControlPlane, userData.Contains("/etc/kubernetes/pki/ca.key", StringComparison.Ordinal));
            inits[vm.Cluster] = inits.GetValueOrDefault(vm.Cluster) + (init ? 1 : 0);
        }

        return inits;
    }
}
