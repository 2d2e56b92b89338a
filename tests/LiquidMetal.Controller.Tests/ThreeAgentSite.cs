using System.Text;
using System.Globalization;
using LiquidMetal.Controller.Agents;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Manifests;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Tests;

/// <summary>
/// Three real agents (reconciliation off, so VMs stay Pending and nothing boots), a folder of manifests naming
/// them as sled-1..3, and a controller state directory; all removed on dispose.
/// </summary>
internal sealed class ThreeAgentSite : IAsyncDisposable
{
    private readonly List<AgentLauncher> _agents = [];
    private readonly Dictionary<string, IHostAgentClient> _clients = new(StringComparer.Ordinal);
    private readonly string _root = Directory.CreateTempSubdirectory("lm-controller-site-").FullName;

    public string FleetDirectory => Path.Combine(_root, "fleet");
    public string StateDirectory => Path.Combine(_root, "state");
    public IReadOnlyList<string> Hosts { get; } = ["sled-1", "sled-2", "sled-3"];

    public static async Task<ThreeAgentSite> StartAsync()
    {
        var site = new ThreeAgentSite();
        try
        {
            Directory.CreateDirectory(site.FleetDirectory);
            foreach (var host in site.Hosts)
            {
                var agent = new AgentLauncher("lm-ctl-unused", "lmbr0", RepoPaths.GuestDirectory, RepoPaths.Agent, "--reconcile", "false");
                site._agents.Add(agent);
                await agent.StartAsync();
                site._clients[host] = new GrpcHostAgentClientFactory(new HostAgentClientOptions()).Create(new HostAgentEndpoint(agent.Address, agent.CaFile, agent.Token));
            }

            return site;
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
    }

    public AgentLauncher Agent(string host) => _agents[Hosts.ToList().IndexOf(host)];

    /// <summary>Writes hosts.yaml and clusters.yaml (atomically) for the given clusters.</summary>
    public void WriteFleet(string clusters)
    {
        var hosts = string.Join("---\n", Hosts.Select((h, i) => string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: liquidmetal.dev/v1alpha1
            kind: Host
            metadata: {"{"} name: {h} {"}"}
            spec:
              role: kvm
              agent: {"{"} endpoint: "127.0.0.1:{_agents[i].Port}", caFile: {_agents[i].CaFile}, tokenFile: {_agents[i].TokenFile} {"}"}
              overcommit: {"{"} cpu: 16.0, memory: 4.0 {"}"}

            """)));
        Write("hosts.yaml", hosts);
        Write("clusters.yaml", clusters);
    }

    /// <summary>A cluster manifest: control plane of <paramref name="controlPlane"/>, one pool "vm"; <paramref name="tag"/> goes into the kernel command line (a new tag is a new spec); a VIP derived from the name (endpoints may not clash).</summary>
    /// <param name="endpoint">The control-plane endpoint's YAML; default a VIP.</param>
    public static string Cluster(string name, int controlPlane, int workers, string tag = "a", int memoryMiB = 64, string? endpoint = null) => string.Create(CultureInfo.InvariantCulture, $"""
        apiVersion: liquidmetal.dev/v1alpha1
        kind: Cluster
        metadata: {"{"} name: {name} {"}"}
        spec:
          kubernetes: {"{"} version: v1.30.14 {"}"}
          controlPlane:
            replicas: {controlPlane}
            endpoint: {endpoint ?? $"{{ vip: 10.0.0.{10 + (name.Sum(c => c) % 200)} }}"}
            allowOvercommit: true
            machine: {"{"} vcpus: 1, memoryMiB: {memoryMiB}, kernel: {"{"} image: vmlinuz, cmdline: {"{"} tag: {tag} {"}"} {"}"}, rootVolume: {"{"} image: rootfs.ext4 {"}"} {"}"}
          workerPools:
            - {"{"} name: vm, replicas: {workers}, machine: {"{"} vcpus: 1, memoryMiB: {memoryMiB}, kernel: {"{"} image: vmlinuz, cmdline: {"{"} tag: {tag} {"}"} {"}"}, rootVolume: {"{"} image: rootfs.ext4 {"}"} {"}"} {"}"}

        """);

    /// <summary>The decoded metadata documents (user-data, meta-data, ...) of every live controller VM, as the agents return them.</summary>
    public async Task<List<(ObservedVm Vm, IReadOnlyDictionary<string, string> Documents)>> LiveBootstrapsAsync()
    {
        var all = new List<(ObservedVm, IReadOnlyDictionary<string, string>)>();
        foreach (var (host, client) in _clients)
        {
            foreach (var vm in await client.ListMicroVmsAsync(null, CancellationToken.None))
            {
                if (!vm.IsDeleting && ObservedVm.From(host, vm) is { } observed)
                {
                    all.Add((observed, vm.Spec.Metadata.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(Convert.FromBase64String(kv.Value)), StringComparer.Ordinal)));
                }
            }
        }

        return all;
    }

    /// <summary>The live (not deleting) controller VMs on every agent.</summary>
    public async Task<List<ObservedVm>> LiveVmsAsync()
    {
        var all = new List<ObservedVm>();
        foreach (var (host, client) in _clients)
        {
            foreach (var vm in await client.ListMicroVmsAsync(null, CancellationToken.None))
            {
                if (!vm.IsDeleting && ObservedVm.From(host, vm) is { } observed)
                {
                    all.Add(observed);
                }
            }
        }

        return all;
    }

    /// <summary>Null when every declared node has exactly one live VM with its current spec, control planes on distinct hosts, nothing else; else what differs.</summary>
    public async Task<string?> DifferenceAsync()
    {
        var fleet = FleetManifestLoader.LoadDirectory(FleetDirectory).GetFleetOrThrow();
        var expected = FleetNodes.Expand(fleet).Where(n => n.Machine is not null).Select(NodeVms.Build).ToDictionary(v => v.Node.Name, v => v.VmId);
        var live = await LiveVmsAsync();
        var problems = new List<string>();
        foreach (var group in live.GroupBy(v => v.Node))
        {
            if (!expected.TryGetValue(group.Key, out var id))
            {
                problems.Add($"{group.Key} is not declared but has {group.Count()} VMs");
            }
            else if (group.Count() != 1 || group.Single().VmId != id)
            {
                problems.Add($"{group.Key}: {string.Join(", ", group.Select(v => $"{v.VmId} on {v.Host}"))} (want one {id})");
            }
        }

        problems.AddRange(expected.Keys.Where(n => live.All(v => v.Node != n)).Select(n => $"{n} has no VM"));
        foreach (var cluster in live.Where(v => v.Role == NodeRole.ControlPlane).GroupBy(v => v.Cluster))
        {
            if (cluster.Select(v => v.Host).Distinct().Count() != cluster.Count())
            {
                problems.Add($"{cluster.Key}: control-plane nodes share a host");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Polls the agents until <see cref="DifferenceAsync"/> is null.</summary>
    public async Task WaitConvergedAsync(ControllerProcess controller, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        string? difference;
        while ((difference = await DifferenceAsync()) is not null)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not converged: {difference}\ncontroller log:\n{controller.Log}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private void Write(string name, string content)
    {
        var path = Path.Combine(FleetDirectory, name);
        File.WriteAllText(path + ".tmp", content);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
