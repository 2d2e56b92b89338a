using System.Diagnostics;
using LiquidMetal.Controller.Bench.Measurement;
using LiquidMetal.Controller.Bench.Site;
using LiquidMetal.Controller.Convergence;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Core.Scheduling;
using LiquidMetal.Controller.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Controller.Bench.Scenarios;

/// <summary>
/// (a) A no-change convergence round over the site, in this process, with the controller's own service registrations
/// (<c>AddControllerServices</c>): the real <see cref="FleetConverger"/>, SQLite store and agent watchers (TLS + token
/// to the real agents). Rounds run until one finds the fleet converged; then warm-up rounds, then the measured ones,
/// each timed with this process's CPU clock (all threads). Afterwards each part of a round is timed on its own.
/// </summary>
internal static class RoundScenario
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(300);

    public static async Task<RoundResult> RunAsync(BenchSite site, int warmup, int rounds, TextWriter log, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Controller:StateDirectory"] = site.StateDirectory,
            ["Controller:Listen"] = "",
            ["Pki:EncryptionKeyFile"] = site.PkiKeyFile,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddControllerServices(configuration);
        await using var provider = services.BuildServiceProvider();
        var converger = provider.GetRequiredService<FleetConverger>();
        var store = provider.GetRequiredService<IControllerStore>();
        var watchers = provider.GetRequiredService<AgentWatchers>();

        // Until every watcher has listed its agent and a round finds nothing to do.
        var deadline = Stopwatch.StartNew();
        RoundSample? first = null;
        while (true)
        {
            var (plan, sample) = await MeasureRoundAsync(converger, cancellationToken);
            if (plan is { IsConverged: true })
            {
                first = sample;
                break;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"no converged round within 5 minutes: {plan?.Actions.Count} actions, waiting: {string.Join("; ", plan?.Waiting.Take(5) ?? [])}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        await log.WriteLineAsync($"Converged after {deadline.Elapsed.TotalSeconds:F0} s; {warmup} warm-up rounds, then {rounds} measured");
        for (var i = 0; i < warmup; i++)
        {
            await RequireNoChangeAsync(converger, cancellationToken);
            await Task.Delay(Pause, cancellationToken);
        }

        var database = Path.Combine(site.StateDirectory, "controller.db");
        var before = Fingerprint(database);
        var samples = new List<RoundSample>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            samples.Add(await RequireNoChangeAsync(converger, cancellationToken));
            await Task.Delay(Pause, cancellationToken);
        }

        var storeWrites = Fingerprint(database) != before;
        var state = await store.LoadAsync(cancellationToken);
        var fleet = converger.FleetOf(state.Desired!);
        var hosts = Observe(fleet, watchers);
        var stages = await MeasureStagesAsync(watchers, store, fleet, hosts, rounds, cancellationToken);
        var sizes = await MeasureSizesAsync(converger, store, fleet, watchers, provider.GetRequiredService<ControllerPki>(), cancellationToken);
        return new RoundResult(fleet.Clusters.Count, state.Machines.Count, fleet.Hosts.Count, hosts.Sum(h => h.Vms.Count), first, samples, storeWrites, stages, sizes);
    }

    private static async Task<RoundSample> RequireNoChangeAsync(FleetConverger converger, CancellationToken cancellationToken)
    {
        var (plan, sample) = await MeasureRoundAsync(converger, cancellationToken);
        if (plan is not { IsConverged: true, Events.Count: 0 })
        {
            throw new InvalidOperationException($"a round that should change nothing planned {plan?.Actions.Count} actions and {plan?.Events.Count} events; waiting: {string.Join("; ", plan?.Waiting.Take(5) ?? [])}");
        }

        return sample;
    }

    private static async Task<(ConvergencePlan? Plan, RoundSample Sample)> MeasureRoundAsync(FleetConverger converger, CancellationToken cancellationToken)
    {
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = ProcessCpuClock.Now();
        var wall = Stopwatch.GetTimestamp();
        var plan = await converger.RunRoundAsync(cancellationToken);
        var sample = new RoundSample(
            (ProcessCpuClock.Now() - cpu).TotalMilliseconds,
            Stopwatch.GetElapsedTime(wall).TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: true) - allocated,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2);
        return (plan, sample);
    }

    /// <summary>Each part of a round on its own, <paramref name="count"/> times: where a round's CPU goes.</summary>
    private static async Task<IReadOnlyList<(string, Summary, double)>> MeasureStagesAsync(
        AgentWatchers watchers, IControllerStore store, Fleet fleet, IReadOnlyList<ObservedHost> hosts, int count, CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(cancellationToken);
        var nodes = FleetNodes.Expand(fleet).Where(n => n.Machine is not null).ToList();
        var cache = new NodeVmCache();
        nodes.ForEach(n => cache.Get(n));
        var input = new ConvergenceInput
        {
            VmCache = cache,
            Fleet = fleet,
            Revision = state.Desired!.Revision,
            Generation = state.Desired.Generation,
            Hosts = hosts,
            Machines = state.Machines,
            PreviousConditions = state.Conditions,
            Now = DateTimeOffset.UtcNow,
        };
        var capacities = hosts.Select(h => new HostCapacity(h.Host, h.Cpus ?? 0, h.MemoryMiB ?? 0)).ToList();
        var current = state.Machines.Select(m => new Placement(m.Cluster, m.Node, m.Role, m.Pool, m.Host)).ToList();
        return
        [
            await StageAsync("store: LoadAsync (desired state, machines, hosts, conditions)", count, () => store.LoadAsync(cancellationToken)),
            await StageAsync("observe: every agent watcher's snapshot as ObservedVm", count, () => Task.FromResult(Observe(fleet, watchers))),
            await StageAsync("plan: ConvergencePlanner.Plan (pure; scheduler included; nodes' VMs from the cache)", count, () => Task.FromResult(ConvergencePlanner.Plan(input))),
            await StageAsync("  of which FleetScheduler.Plan (kept placements, headroom)", count, () => Task.FromResult(FleetScheduler.Plan(fleet, capacities, current))),
            await StageAsync("NodeVms.Build for every node (what the cache saves; paid by the first round of a revision)", count, () => Task.FromResult(nodes.Select(NodeVms.Build).ToList())),
        ];
    }

    private static async Task<(string, Summary, double)> StageAsync<T>(string name, int count, Func<Task<T>> stage)
    {
        var cpu = new List<double>(count);
        long allocated = 0;
        for (var i = 0; i < count; i++)
        {
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            var start = ProcessCpuClock.Now();
            GC.KeepAlive(await stage());
            cpu.Add((ProcessCpuClock.Now() - start).TotalMilliseconds);
            allocated += GC.GetTotalAllocatedBytes(precise: true) - bytes;
        }

        return (name, Summary.Of(cpu), allocated / (double)count / 1048576.0);
    }

    /// <summary>
    /// How much live memory each piece of a round's data takes: the managed heap after a full collection with one more
    /// copy of it held, minus without. Copies are made the way the controller makes them (a load, a plan, a parse).
    /// </summary>
    private static async Task<IReadOnlyList<(string, double)>> MeasureSizesAsync(
        FleetConverger converger, IControllerStore store, Fleet fleet, AgentWatchers watchers, ControllerPki pki, CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(cancellationToken);
        var plan = converger.LastPlan!;
        var nodes = FleetNodes.Expand(fleet).Where(n => n.Machine is not null).ToList();
        return
        [
            ("the store's desired-state files (kept by the store)", LiveMiB(() => state.Desired!.Files.Select(f => new ManifestFile(new string(f.Path.AsSpan()), new string(f.Content.AsSpan()))).ToList())),
            ("the store's machine records", LiveMiB(() => state.Machines.Select(m => m with
            {
                Cluster = new string(m.Cluster.AsSpan()), Node = new string(m.Node.AsSpan()), Host = new string(m.Host.AsSpan()),
                VmId = new string(m.VmId.AsSpan()), SpecHash = new string(m.SpecHash.AsSpan()), Pool = m.Pool is null ? null : new string(m.Pool.AsSpan()),
            }).ToList())),
            ("the store's conditions (kept by the store and as the last plan's)", LiveMiB(() => state.Conditions.Select(c => c with { Conditions = [.. c.Conditions.Select(x => x with { Message = new string(x.Message.AsSpan()) })] }).ToList())),
            ("the parsed fleet (FleetManifestLoader over the stored files)", LiveMiB(() => Manifests.FleetManifestLoader.Load(state.Desired!.Files.Select(f => new Manifests.ManifestFile(f.Path, f.Content))).Fleet)),
            ("every node's VM (NodeVms.Build: spec, labels, hash, id)", LiveMiB(() => nodes.Select(NodeVms.Build).ToList())),
            ("the agents' VMs as the watchers hold them (ObservedVm, a copy with strings of its own)", LiveMiB(() => fleet.Hosts.SelectMany(h => watchers.Find(h.Name)?.Snapshot().Vms ?? [])
                .Select(v => v with
                {
                    Uid = new string(v.Uid.AsSpan()), Cluster = new string(v.Cluster.AsSpan()), Node = new string(v.Node.AsSpan()),
                    Pool = v.Pool is null ? null : new string(v.Pool.AsSpan()), VmId = new string(v.VmId.AsSpan()), SpecHash = new string(v.SpecHash.AsSpan()),
                }).ToList())),
            ("one round's plan (ConvergencePlanner.Plan, kept as LastPlan)", LiveMiB(() => ConvergencePlanner.Plan(new ConvergenceInput
            {
                Fleet = fleet, Revision = state.Desired!.Revision, Generation = state.Desired.Generation, Hosts = Observe(fleet, watchers),
                Machines = state.Machines, PreviousConditions = state.Conditions, Now = DateTimeOffset.UtcNow,
            }))),
            ("  of which its schedule (FleetScheduler.Plan)", LiveMiB(() => plan.Schedule with { Placements = [.. plan.Schedule.Placements.Select(p => p with { Reason = new string(p.Reason.AsSpan()), Placement = p.Placement with { } })] })),
            ("the clusters' PKIs, opened (FleetConverger no longer keeps them: a create opens its cluster's)", LiveMiB(() => fleet.Clusters
                .Select(c => pki.Require().GetAsync(c.Name, cancellationToken).GetAwaiter().GetResult()).ToList())),
        ];
    }

    private static double LiveMiB<T>(Func<T> make)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var held = make();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        return (after - before) / 1048576.0;
    }

    /// <summary>What a round observes of the hosts: each watcher's snapshot, its VMs as <see cref="ObservedVm"/> (as <c>FleetConverger</c> does).</summary>
    internal static List<ObservedHost> Observe(Fleet fleet, AgentWatchers watchers) =>
        [.. fleet.Hosts.Where(h => h.Role == HostRole.Kvm).Select(h =>
        {
            var snapshot = watchers.Find(h.Name)?.Snapshot() ?? throw new InvalidOperationException($"host {h.Name} has no watcher");
            return new ObservedHost(h.Name, snapshot.Reachable, snapshot.UnreachableSince, false, snapshot.Info?.Cpus, snapshot.Info?.MemoryMiB,
                snapshot.Vms);
        })];

    private static (long, DateTime) Fingerprint(string database)
    {
        var wal = new FileInfo(database + "-wal");
        var db = new FileInfo(database);
        return (db.Length + (wal.Exists ? wal.Length : 0), wal.Exists && wal.LastWriteTimeUtc > db.LastWriteTimeUtc ? wal.LastWriteTimeUtc : db.LastWriteTimeUtc);
    }
}
