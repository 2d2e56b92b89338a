using System.Globalization;
using System.Text;
using LiquidMetal.Controller.Bench.Measurement;
using LiquidMetal.Controller.Bench.Scenarios;
using LiquidMetal.Controller.Bench.Site;
using LiquidMetal.Controller.Convergence;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Core.Scheduling;
using LiquidMetal.Controller.Hosting;
using LiquidMetal.Controller.Manifests;
using LiquidMetal.Controller.Pki;
using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortFile = LiquidMetal.Controller.Core.Ports.ManifestFile;

namespace LiquidMetal.Controller.Bench.Allocation;

/// <summary>
/// <c>alloc</c>: what a no-change round allocates, and how much live state the controller keeps, with the site in this
/// process and no agent processes (no root needed). The controller's own service registrations run the rounds (real
/// <see cref="FleetConverger"/>, SQLite store seeded with the machine records, agent watchers); only the agents'
/// network is replaced, by <see cref="StaticAgentClient"/>s that list each host's VMs as the agent seeder leaves them.
/// Allocations are <see cref="GC.GetTotalAllocatedBytes(bool)"/> deltas (precise), live sizes full-collection heap deltas.
/// </summary>
internal static class AllocationScenario
{
    public static async Task<string> RunAsync(SiteShape shape, int warmup, int rounds, TextWriter log, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("lm-ctlalloc-").FullName;
        try
        {
            return await RunInAsync(root, shape, warmup, rounds, log, cancellationToken);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> RunInAsync(string root, SiteShape shape, int warmup, int rounds, TextWriter log, CancellationToken cancellationToken)
    {
        var fleetDirectory = Path.Combine(root, "fleet");
        var stateDirectory = Path.Combine(root, "controller");
        var tokenFile = Path.Combine(root, "agent.token");
        await File.WriteAllTextAsync(tokenFile, "bench-token", cancellationToken);
        var endpoints = Enumerable.Range(0, shape.Hosts)
            .Select(i => (string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{20000 + i}"), "/nonexistent/ca.crt", tokenFile)).ToList();
        FleetManifests.Write(fleetDirectory, shape, endpoints);
        var fleet = FleetManifestLoader.LoadDirectory(fleetDirectory).GetFleetOrThrow();
        var plan = SitePlan.Create(fleet, shape.HostCpus, shape.HostMemoryGiB * 1024);
        await log.WriteLineAsync($"Site: {fleet.Clusters.Count:N0} clusters, {plan.Vms.Count:N0} VMs on {fleet.Hosts.Count} hosts (in process, static agents); seeding the controller's store");
        var pkiKeyFile = PkiKeyFile.Write(Path.Combine(root, "pki.key"));
        // ECDSA keys: seconds instead of minutes to make 1,000 PKIs. Rounds open each PKI once and keep it either way.
        await ControllerStateSeeder.SeedAsync(stateDirectory, plan, pkiKeyFile, KeyAlgorithm.EcdsaP256, log, cancellationToken);

        var now = DateTimeOffset.UtcNow;
        var ulids = new UlidGenerator(TimeProvider.System);
        var byHost = plan.Vms.Select((v, i) => (v.Host, Json: MicroVmJson.Serialize(AgentStateSeeder.Running(v.Vm, ulids.Next(), i, now)))).ToLookup(v => v.Host, v => v.Json);
        var agents = new Dictionary<string, (HostAgentInfo, IReadOnlyList<string>)>(StringComparer.Ordinal);
        for (var i = 0; i < shape.Hosts; i++)
        {
            var host = FleetManifests.HostName(i);
            var info = new HostAgentInfo(host, "bench", shape.HostCpus, shape.HostMemoryGiB * 1024L, 1 << 20, 1 << 20, "kvm",
                [new VmmProviderInfo("qemu", true, null, [], "bench")], "qemu", new ResourceAllocation(0, 0), new ResourceAllocation(shape.HostCpus, shape.HostMemoryGiB * 1024L),
                byHost[host].Count(), now);
            agents[endpoints[i].Item1] = (info, [.. byHost[host]]);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Controller:StateDirectory"] = stateDirectory,
            ["Controller:Listen"] = "",
            ["Pki:EncryptionKeyFile"] = pkiKeyFile,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddControllerServices(configuration);
        services.AddSingleton<IHostAgentClientFactory>(new StaticAgentClientFactory(agents));
        await using var provider = services.BuildServiceProvider();
        var converger = provider.GetRequiredService<FleetConverger>();
        var store = provider.GetRequiredService<IControllerStore>();
        var watchers = provider.GetRequiredService<AgentWatchers>();

        var files = Directory.EnumerateFiles(fleetDirectory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new PortFile(Path.GetRelativePath(fleetDirectory, f).Replace('\\', '/'), File.ReadAllText(f))).ToList();
        var applied = await converger.ApplyDesiredAsync(files, "bench-1", "bench", cancellationToken);
        if (!applied.Accepted)
        {
            throw new InvalidOperationException($"desired state refused ({applied.Errors.Count} errors), e.g. {applied.Errors[0]}");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (await converger.RunRoundAsync(cancellationToken) is not { IsConverged: true, Events.Count: 0 })
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no converged round within 3 minutes; waiting: {string.Join("; ", converger.LastPlan?.Waiting.Take(5) ?? [])}");
            }

            await Task.Delay(200, cancellationToken);
        }

        for (var i = 0; i < warmup; i++)
        {
            await RequireNoChangeAsync(converger, cancellationToken);
        }

        var perRound = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await RequireNoChangeAsync(converger, cancellationToken);
            perRound.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0);
        }

        // Each part again on its own, as the round does it.
        var state = await store.LoadAsync(cancellationToken);
        var hosts = RoundScenario.Observe(fleet = converger.FleetOf(state.Desired!), watchers);
        var cache = new NodeVmCache();
        foreach (var node in FleetNodes.Expand(fleet).Where(n => n.Machine is not null))
        {
            cache.Get(node);
        }

        var input = new ConvergenceInput
        {
            VmCache = cache, Fleet = fleet, Revision = state.Desired!.Revision, Generation = state.Desired.Generation, Hosts = hosts,
            Machines = state.Machines, PreviousConditions = state.Conditions, Now = DateTimeOffset.UtcNow,
        };
        var capacities = hosts.Select(h => new HostCapacity(h.Host, h.Cpus ?? 0, h.MemoryMiB ?? 0)).ToList();
        var current = state.Machines.Select(m => new Placement(m.Cluster, m.Node, m.Role, m.Pool, m.Host)).ToList();
        var lastPlan = converger.LastPlan!;
        var parts = new List<(string, double)>
        {
            ("store `LoadAsync`", Allocated(rounds, () => store.LoadAsync(cancellationToken).GetAwaiter().GetResult())),
            ("observe: the watchers' snapshots as `ObservedHost`s", Allocated(rounds, () => RoundScenario.Observe(fleet, watchers))),
            ("`ConvergencePlanner.Plan` (nodes' VMs cached)", Allocated(rounds, () => ConvergencePlanner.Plan(input))),
            ("  of which `FleetScheduler.Plan`", Allocated(rounds, () => FleetScheduler.Plan(fleet, capacities, current))),
            ("`FleetNodes.Expand` and `NodeVmCache.Get` for every node (what the cache's per-cluster nodes save a round)", Allocated(rounds, () => FleetNodes.Expand(fleet).Where(n => n.Machine is not null).Select(cache.Get).ToList())),
            ("the conditions compared with the stored ones", Allocated(rounds, () => FleetConverger.SameConditions(state.Conditions, lastPlan.Conditions))),
        };

        // Live state: the heap after a full collection, with and without the watchers (their VMs) and the last plan.
        var withWatchers = GC.GetTotalMemory(forceFullCollection: true);
        await watchers.DisposeAsync();
        var withoutWatchers = GC.GetTotalMemory(forceFullCollection: true);
        var planSize = LiveMiB(() => ConvergencePlanner.Plan(input with { Now = DateTimeOffset.UtcNow }));
        var pkis = provider.GetRequiredService<ControllerPki>().Require();
        var pkiSize = LiveMiB(() => fleet.Clusters.Select(c => pkis.GetAsync(c.Name, cancellationToken).GetAwaiter().GetResult()).ToList());

        var report = new StringBuilder();
        var summary = Summary.Of(perRound);
        report.AppendLine(CultureInfo.InvariantCulture, $"## Allocations of a no-change round ({fleet.Clusters.Count:N0} clusters, {plan.Vms.Count:N0} VMs, {fleet.Hosts.Count} hosts; in process, static agents)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- `FleetConverger.RunRoundAsync`, {rounds} rounds after {warmup} warm-up: median **{summary.Median:F2} MiB**, min {summary.Min:F2}, max {summary.Max:F2}, mean {summary.Mean:F2}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- live heap with the site converged: {withWatchers / 1048576.0:F1} MiB; of which the watchers' VMs: **{(withWatchers - withoutWatchers) / 1048576.0:F1} MiB**; one plan (conditions reused): {planSize:F1} MiB; the clusters' PKIs opened (ECDSA here; FleetConverger no longer keeps them, it opens one per create): {pkiSize:F1} MiB");
        report.AppendLine();
        report.AppendLine("| part, on its own | allocated (MiB, mean) |");
        report.AppendLine("|---|---:|");
        foreach (var (name, mib) in parts)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {mib:F2} |");
        }

        return report.ToString();
    }

    private static async Task RequireNoChangeAsync(FleetConverger converger, CancellationToken cancellationToken)
    {
        var plan = await converger.RunRoundAsync(cancellationToken);
        if (plan is not { IsConverged: true, Events.Count: 0 })
        {
            throw new InvalidOperationException($"a round that should change nothing planned {plan?.Actions.Count} actions and {plan?.Events.Count} events");
        }
    }

    private static double Allocated<T>(int count, Func<T> part)
    {
        GC.KeepAlive(part());
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++)
        {
            GC.KeepAlive(part());
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)count / 1048576.0;
    }

    private static double LiveMiB<T>(Func<T> make)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var held = make();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        return (after - before) / 1048576.0;
    }
}
