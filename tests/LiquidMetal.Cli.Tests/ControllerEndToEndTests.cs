using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Controller.Agents;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Tests;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Cli.Tests;

/// <summary>
/// <c>lm plan/apply/get/describe/delete</c> in-process against the real controller process and three real agents
/// (reconciliation off: VMs stay Pending and nothing boots; deletions stay Deleting until an agent reconciles).
/// </summary>
public class ControllerEndToEndTests
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Lm_PlanApplyGetDescribeDelete_AgainstRealControllerAndAgents()
    {
        await using var site = await ThreeAgentSite.StartAsync();
        await using var controller = new ControllerProcess(site.StateDirectory, sourceFolder: null);
        controller.Start();
        await controller.WaitServingAsync();
        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 3, 2) + "---\n" + ThreeAgentSite.Cluster("beta", 1, 1));
        var fleet = site.FleetDirectory;

        // Apply: a line per round on a redirected stderr, then the converged summary; the agents run every node.
        var apply = await LmAsync(controller, "apply", "-f", fleet);
        Assert.True(apply.ExitCode == 0, apply.Error + controller.Log);
        StartsWith(apply.Error, $"Applying {fleet}\n");
        Has(apply.Error, "generation 1: ");
        Has(apply.Error, "; creating ");
        Assert.DoesNotContain("warning:", apply.Error, StringComparison.Ordinal);
        StartsWith(apply.Out, "Converged: generation 1 (revision sha256:");
        Has(apply.Out, "7/7 machines available");
        Assert.Null(await site.DifferenceAsync());

        // Plan a change: scale alpha's workers, add a cluster that fits nowhere. It shows where nodes would land and
        // why, every host's reason for the one that does not fit, and changes nothing at all.
        var planned = Path.Combine(Path.GetDirectoryName(fleet)!, "planned");
        Directory.CreateDirectory(planned);
        File.Copy(Path.Combine(fleet, "hosts.yaml"), Path.Combine(planned, "hosts.yaml"));
        await File.WriteAllTextAsync(Path.Combine(planned, "clusters.yaml"),
            ThreeAgentSite.Cluster("alpha", 3, 3) + "---\n" + ThreeAgentSite.Cluster("beta", 1, 1) + "---\n" + ThreeAgentSite.Cluster("gamma", 1, 0, memoryMiB: 200_000));
        var before = await SnapshotAsync(site, controller);
        var plan = await LmAsync(controller, "plan", "-f", planned);
        var planJson = await LmAsync(controller, "plan", "-f", planned, "-o", "json");
        Assert.True(plan.ExitCode == 0, plan.Error);
        Assert.Equal(before, await SnapshotAsync(site, controller));
        Has(plan.Out, $"Plan for revision sha256:");
        Matches(plan.Out, @"alpha\s+alpha-vm-2\s+worker/vm\s+sled-\d\s+New");
        Matches(plan.Out, @"alpha\s+alpha-cp-0\s+control-plane\s+sled-\d\s+Kept");
        Has(plan.Out, "Not placed (every host's reason):");
        Matches(plan.Out, @"gamma\s+gamma-cp-0");
        foreach (var host in site.Hosts)
        {
            Matches(plan.Out, $@"\n\s+  {host}: ");
        }

        Has(plan.Out, "Plan: 1 to create, 0 to delete");
        Has(plan.Out, $"Nothing was changed; 'lm apply -f {planned}' carries it out.");
        using (var json = JsonDocument.Parse(planJson.Out))
        {
            var unplaced = json.RootElement.GetProperty("unplaced").EnumerateArray().Single();
            Assert.Equal("gamma-cp-0", unplaced.GetProperty("node").GetString());
            Assert.Equal(3, unplaced.GetProperty("rejections").GetArrayLength());
            Assert.Contains(json.RootElement.GetProperty("actions").EnumerateArray(),
                a => a.GetProperty("kind").GetString() == "create" && a.GetProperty("node").GetString() == "alpha-vm-2");
        }

        // Bad manifests: every error, each naming its file as given, exit 1, nothing changed.
        var broken = Path.Combine(Path.GetDirectoryName(fleet)!, "broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "clusters.yaml"), ThreeAgentSite.Cluster("alpha", 2, 1) + "---\n" + ThreeAgentSite.Cluster("beta", 1, 0, memoryMiB: 1));
        var refused = await LmAsync(controller, "apply", "-f", broken);
        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        Has(refused.Error, $"error: the controller refused the manifests in {broken} (");
        Has(refused.Error, $"  {Path.Combine(broken, "clusters.yaml")}: document 1 (Cluster alpha): spec.controlPlane.replicas: must be 1, 3 or 5");
        Has(refused.Error, $"  {Path.Combine(broken, "clusters.yaml")}: document 2 (Cluster beta): spec.controlPlane.machine.memoryMiB: must be between");
        Has(refused.Error, $"hint: fix them and run 'lm apply -f {broken}' again");
        Assert.Equal(before, await SnapshotAsync(site, controller));

        // Get and describe: tables for people, the API's messages for programs.
        var hosts = await LmAsync(controller, "get", "hosts");
        Assert.True(hosts.ExitCode == 0, hosts.Error);
        Matches(hosts.Out, @"^NAME\s+ROLE\s+STATE\s+CPUS\s+MEMORY\s+MACHINES\s+ENDPOINT\s+SINCE\s+LAST ERROR\n");
        foreach (var host in site.Hosts)
        {
            Matches(hosts.Out, $@"\n{host}\s+kvm\s+Reachable\s+\d+\s+[\d.]+ GiB\s+\d+\s+127\.0\.0\.1:\d+\s+-\s+-");
        }

        using (var json = JsonDocument.Parse((await LmAsync(controller, "get", "hosts", "-o", "json")).Out))
        {
            Assert.Equal(7, json.RootElement.GetProperty("hosts").EnumerateArray().Sum(h => h.GetProperty("machines").GetInt32()));
        }

        var clusters = await LmAsync(controller, "get", "clusters");
        Matches(clusters.Out, @"\nalpha\s+v1\.30\.14\s+3\s+5/5\s+True\s+True\s+True\s+-\n");
        Matches(clusters.Out, @"\nbeta\s+v1\.30\.14\s+1\s+2/2\s+True\s+True\s+True\s+-\n");

        var machines = await LmAsync(controller, "get", "machines", "--cluster", "alpha");
        Assert.Equal(6, machines.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var live = await site.LiveVmsAsync();
        foreach (var vm in live.Where(v => v.Cluster == "alpha"))
        {
            Matches(machines.Out, $@"\nalpha\s+{vm.Node}\s+(control-plane|worker/vm)\s+{vm.Host}\s+{vm.VmId}\s+Created\s+Pending\s+-");
        }

        var yaml = await LmAsync(controller, "get", "machines", "-o", "yaml");
        Assert.Equal(7, yaml.Out.Split('\n').Count(l => l.StartsWith("- cluster: ", StringComparison.Ordinal)));

        var described = await LmAsync(controller, "describe", "cluster", "alpha");
        Assert.True(described.ExitCode == 0, described.Error);
        Matches(described.Out, @"^Name\s+alpha\n");
        Matches(described.Out, @"\nMachines\s+5 available of 5\n");
        Matches(described.Out, @"\nConverged\s+True\s+");
        Matches(described.Out, @"\nalpha-cp-0\s+control-plane\s+sled-\d\s+alpha-cp-0-[0-9a-f]{8}\s+Created\s+Pending");
        Has(described.Out, "Placement (the last round's schedule):");
        Matches(described.Out, @"\n\d+[smh]\s+Normal\s+CreatingVm\s+alpha-");

        var unknown = await LmAsync(controller, "describe", "cluster", "nope");
        Assert.Equal(ExitCodes.Failure, unknown.ExitCode);
        Assert.Equal("error: cluster 'nope' is not declared; see lm get clusters\n", unknown.Error);

        // Delete a cluster: a new revision without it, alpha untouched; its VMs are deleted on the agents.
        var alphaVms = live.Where(v => v.Cluster == "alpha").Select(v => v.Uid).Order(StringComparer.Ordinal).ToList();
        var delete = await LmAsync(controller, "delete", "cluster", "beta");
        Assert.True(delete.ExitCode == 0, delete.Error + controller.Log);
        StartsWith(delete.Out, "Cluster beta removed from the desired state (generation 2); the controller deletes its VMs");
        await WaitUntilAsync(async () => (await site.LiveVmsAsync()).All(v => v.Cluster != "beta"), controller, "beta's VMs are deleted on the agents");
        Assert.Equal(alphaVms, (await site.LiveVmsAsync()).Select(v => v.Uid).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await AllVmsAsync(site)).Count(v => v.Cluster == "beta" && v.IsDeleting));
        using (var json = JsonDocument.Parse((await LmAsync(controller, "get", "clusters", "-o", "json")).Out))
        {
            Assert.Equal("2", json.RootElement.GetProperty("generation").GetString());
            Assert.Equal(["alpha"], json.RootElement.GetProperty("clusters").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        }

        Assert.Equal(3, JsonDocument.Parse((await LmAsync(controller, "get", "hosts", "-o", "json")).Out).RootElement.GetProperty("hosts").GetArrayLength());
        var again = await LmAsync(controller, "delete", "cluster", "beta");
        Assert.Equal(ExitCodes.Failure, again.ExitCode);
        Assert.Equal("error: cluster 'beta' is not declared; see lm get clusters\n", again.Error);

        // Delete the last cluster and wait: these agents (reconciliation off) keep its VMs Deleting, so the wait
        // times out saying so (the next test has agents that finish deletions).
        var timedOut = await LmAsync(controller, "delete", "cluster", "alpha", "--wait", "--timeout", "3s");
        Assert.Equal(ExitCodes.Failure, timedOut.ExitCode);
        StartsWith(timedOut.Error, "Deleting cluster alpha\n");
        Has(timedOut.Error, "error: timed out after 3s waiting: cluster alpha is removed from the desired state, but its VMs are not all gone (0 VMs left, 5 being deleted by their agents)");
        Has(timedOut.Error, "hint: the controller and the agents carry on deleting them");
        Assert.Equal(5, (await AllVmsAsync(site)).Count(v => v.Cluster == "alpha" && v.IsDeleting));
    }

    [Fact]
    public async Task Lm_DeleteClusterWait_StreamsUntilTheAgentsHaveDeletedEveryVm()
    {
        await using var site = await ThreeAgentSite.StartAsync();
        await using var controller = new ControllerProcess(site.StateDirectory, sourceFolder: null);
        controller.Start();
        await controller.WaitServingAsync();
        site.WriteFleet(ThreeAgentSite.Cluster("beta", 3, 0));
        var apply = await LmAsync(controller, "apply", "-f", site.FleetDirectory);
        Assert.True(apply.ExitCode == 0, apply.Error + controller.Log);

        // The agents reconcile deletions once restarted with reconciliation on (in a network namespace of this test);
        // they do so while lm waits, and no VM boots: every VM on them is being deleted by then.
        var netns = "lm-cli-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await Shell.CheckAsync("ip", "netns", "add", netns);
        try
        {
            var wait = Task.Run(() => LmAsync(controller, "delete", "cluster", "beta", "--wait", "--timeout", "2m"));
            await WaitUntilAsync(async () => (await AllVmsAsync(site)).Count(v => v.IsDeleting) == 3, controller, "beta's VMs are being deleted");
            foreach (var host in site.Hosts)
            {
                await site.Agent(host).RestartAsync(netns, "--reconcile", "true");
            }

            var deleted = await wait;
            Assert.True(deleted.ExitCode == 0, deleted.Error + controller.Log);
            StartsWith(deleted.Error, "Deleting cluster beta\n");
            Has(deleted.Error, "3 VMs left, 0 being deleted");
            // The agents are restarted as soon as they show the deletions, which may be before the stream's next look
            // (every 100 ms): that look may already find one agent restarting.
            Assert.Matches(@"\n  0 VMs left, [23] being deleted by their agents(; not answering \(their VMs are unknown\): sled-[123])?; deleting 3 VMs",
                deleted.Error);
            Has(deleted.Error, "no VM left");
            Assert.Equal("Cluster beta deleted: removed from the desired state (generation 2) and no agent has a VM of it.\n", deleted.Out);
            Assert.Empty(await AllVmsAsync(site));
        }
        finally
        {
            foreach (var host in site.Hosts)
            {
                await site.Agent(host).KillAsync();
            }

            await Shell.RunAsync("ip", "netns", "del", netns);
        }
    }

    [Fact]
    public async Task Lm_ControllerFromFolderOrWrongToken_RefusedWithWhatToDo()
    {
        var root = Directory.CreateTempSubdirectory("lm-cli-controller-").FullName;
        try
        {
            var fleet = Path.Combine(root, "fleet");
            Directory.CreateDirectory(fleet);
            await File.WriteAllTextAsync(Path.Combine(fleet, "hosts.yaml"), $"""
                apiVersion: liquidmetal.dev/v1alpha1
                kind: Host
                metadata: {"{"} name: sled-1 {"}"}
                spec:
                  role: kvm
                  agent: {"{"} endpoint: "127.0.0.1:{CliRun.ClosedPort().ToString(CultureInfo.InvariantCulture)}" {"}"}

                """);
            await File.WriteAllTextAsync(Path.Combine(fleet, "clusters.yaml"), ThreeAgentSite.Cluster("beta", 1, 0));
            await using var controller = new ControllerProcess(Path.Combine(root, "state"), fleet);
            controller.Start();
            await controller.WaitServingAsync();
            await WaitUntilAsync(async () => (await LmAsync(controller, "get", "clusters")).Out.Contains("beta", StringComparison.Ordinal), controller, "the folder is applied");

            var delete = await LmAsync(controller, "delete", "cluster", "beta");
            Assert.Equal(ExitCodes.Failure, delete.ExitCode);
            StartsWith(delete.Error, $"error: cluster 'beta' comes from the controller's source, folder {fleet} (in clusters.yaml): remove its Cluster document there; ");

            // Ctrl-C while following an apply stops watching only (sled-1 never answers, so it never converges).
            using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var follow = await CliRun.RunAsync(["apply"], Variables(controller), cancellationToken: interrupt.Token);
            Assert.Equal(ExitCodes.Interrupted, follow.ExitCode);
            StartsWith(follow.Error, "Waiting for the applied desired state to converge\n  generation 1: 0/1 machines available; waiting: ");
            Has(follow.Error, "error: stopped watching (last round: generation 1: 0/1 machines available; waiting: ");
            Has(follow.Error, "hint: the controller carries on converging generation 1: 'lm get clusters' shows where it is");

            var wrong = await LmAsync(controller, ["get", "clusters", "--controller-token", "not-the-token"]);
            Assert.Equal(ExitCodes.Failure, wrong.ExitCode);
            Assert.Equal(
                "error: the controller refused the credentials: invalid token\n" +
                "hint: the token came from --controller-token; check it against the controller's (<state-dir>/token, or its --token/--token-file)\n",
                wrong.Error);

            var untrusted = await CliRun.RunAsync(["get", "hosts", "--controller", $"https://127.0.0.1:{controller.Port}"], cancellationToken: Limit());
            Assert.Equal(ExitCodes.Failure, untrusted.ExitCode);
            StartsWith(untrusted.Error, $"error: TLS handshake with the controller at https://127.0.0.1:{controller.Port} failed: ");
            Has(untrusted.Error, "hint: check --controller-ca (or LM_CONTROLLER_CA_FILE)");

            // The controller's own state directory supplies CA and token when nothing is given.
            var local = await CliRun.RunAsync(["get", "hosts", "--controller", $"https://127.0.0.1:{controller.Port}", "-o", "json"],
                controllerStateDirectory: controller.StateDirectory, cancellationToken: Limit());
            Assert.True(local.ExitCode == 0, local.Error);
            Has(local.Out, "\"sled-1\"");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Has(string actual, string expected) =>
        Assert.True(actual.Contains(expected, StringComparison.Ordinal), $"expected\n  {expected}\nin\n{actual}");

    private static void Matches(string actual, string pattern) =>
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(actual, pattern), $"expected a match of\n  {pattern}\nin\n{actual}");

    private static void StartsWith(string actual, string expected) =>
        Assert.True(actual.StartsWith(expected, StringComparison.Ordinal), $"expected a start of\n  {expected}\nin\n{actual}");

    private static Task<CliRun> LmAsync(ControllerProcess controller, params string[] args) =>
        CliRun.RunAsync(args, Variables(controller), cancellationToken: Limit());

    /// <summary>The controller's address, CA and token file, as a user exports them.</summary>
    private static Dictionary<string, string> Variables(ControllerProcess controller) => new()
    {
        ["LM_CONTROLLER"] = $"https://127.0.0.1:{controller.Port}",
        ["LM_CONTROLLER_CA_FILE"] = controller.CaFile,
        ["LM_CONTROLLER_TOKEN_FILE"] = Path.Combine(controller.StateDirectory, "token"),
    };

    private static CancellationToken Limit() => new CancellationTokenSource(CommandLimit).Token;

    /// <summary>Everything that must not change when only planning: the agents' VMs, the desired state and the machine records.</summary>
    private static async Task<string> SnapshotAsync(ThreeAgentSite site, ControllerProcess controller)
    {
        var vms = (await AllVmsAsync(site)).Select(v => $"{v.Host} {v.Uid} {v.VmId} {v.State}").Order(StringComparer.Ordinal);
        var clusters = JsonDocument.Parse((await LmAsync(controller, "get", "clusters", "-o", "json")).Out).RootElement;
        var machines = (await LmAsync(controller, "get", "machines", "-o", "json")).Out;
        return string.Join('\n', vms) + $"\nrevision {clusters.GetProperty("revision")} generation {clusters.GetProperty("generation")}\n{machines}";
    }

    private static async Task<List<(string Host, string Uid, string VmId, string Cluster, string State, bool IsDeleting)>> AllVmsAsync(ThreeAgentSite site)
    {
        var all = new List<(string, string, string, string, string, bool)>();
        foreach (var host in site.Hosts)
        {
            using var client = new GrpcHostAgentClientFactory(new HostAgentClientOptions())
                .Create(new HostAgentEndpoint(site.Agent(host).Address, site.Agent(host).CaFile, site.Agent(host).Token));
            foreach (var vm in await client.ListMicroVmsAsync(null, CancellationToken.None))
            {
                all.Add((host, vm.Uid, vm.Id, vm.Namespace, vm.Status.State.ToString(), vm.IsDeleting));
            }
        }

        return all;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, ControllerProcess controller, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}; controller log:\n{controller.Log}");
            }

            await Task.Delay(200);
        }
    }
}
