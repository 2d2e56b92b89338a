using System.Diagnostics;
using LiquidMetal.Controller.Manifests;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Bench.Site;

/// <summary>
/// The generated site on this machine: one real agent process per host (reconciliation off, TLS and a token as
/// deployed, seeing a server's capacity through <see cref="ServerCapacityView"/>) holding its running VMs, the
/// desired state as a folder of manifests, and a controller state directory holding the machine records. All
/// removed on dispose.
/// </summary>
internal sealed class BenchSite : IAsyncDisposable
{
    private readonly List<AgentLauncher> _agents = [];
    private readonly ServerCapacityView _capacity;

    private BenchSite(SiteShape shape, string root)
    {
        Shape = shape;
        Root = root;
        _capacity = new ServerCapacityView(shape.HostCpus, shape.HostMemoryGiB);
    }

    public SiteShape Shape { get; }
    public string Root { get; }
    public string FleetDirectory => Path.Combine(Root, "fleet");
    public string StateDirectory => Path.Combine(Root, "controller");
    public SitePlan Plan { get; private set; } = null!;
    public IReadOnlyList<AgentLauncher> Agents => _agents;
    public TimeSpan SetupTime { get; private set; }

    public static async Task<BenchSite> StartAsync(SiteShape shape, AgentExecutable agent, TextWriter log, CancellationToken cancellationToken)
    {
        var site = new BenchSite(shape, Directory.CreateTempSubdirectory("lm-ctlbench-").FullName);
        try
        {
            await site.SetUpAsync(agent, log, cancellationToken);
            return site;
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        _capacity.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    private async Task SetUpAsync(AgentExecutable agent, TextWriter log, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var executable = _capacity.Wrap(agent);
        for (var i = 0; i < Shape.Hosts; i++)
        {
            _agents.Add(new AgentLauncher("lm-ctlbench-unused", "lmbr0", RepoPaths.GuestDirectory, executable, "--reconcile", "false"));
        }

        // The manifests name each agent's endpoint, CA and token file: all known before the agents start.
        FleetManifests.Write(FleetDirectory, Shape, [.. _agents.Select(a => ($"127.0.0.1:{a.Port}", a.CaFile, a.TokenFile))]);
        var loaded = FleetManifestLoader.LoadDirectory(FleetDirectory);
        var fleet = loaded.GetFleetOrThrow();
        Plan = SitePlan.Create(fleet, Shape.HostCpus, Shape.HostMemoryGiB * 1024);
        await log.WriteLineAsync($"Site: {fleet.Clusters.Count:N0} clusters, {Plan.Vms.Count:N0} VMs on {fleet.Hosts.Count} hosts; seeding the agents' and the controller's stores");

        var byHost = Plan.Vms.ToLookup(v => v.Host, v => v.Vm);
        for (var i = 0; i < Shape.Hosts; i++)
        {
            await AgentStateSeeder.SeedAsync(_agents[i].StateDirectory, [.. byHost[FleetManifests.HostName(i)]], cancellationToken);
        }

        await ControllerStateSeeder.SeedAsync(StateDirectory, Plan, cancellationToken);
        await log.WriteLineAsync($"Seeded in {watch.Elapsed.TotalSeconds:F0} s; starting {Shape.Hosts} agents");

        // A few at a time: each JIT agent takes a second or two of CPU to start.
        foreach (var batch in _agents.Chunk(3))
        {
            await Task.WhenAll(batch.Select(a => a.StartAsync()));
        }

        SetupTime = watch.Elapsed;
        await log.WriteLineAsync($"Site ready in {SetupTime.TotalSeconds:F0} s");
    }
}
