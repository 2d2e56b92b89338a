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

    /// <summary>The controller's PKI encryption key (<see cref="Site.PkiKeyFile"/>).</summary>
    public string PkiKeyFile => Path.Combine(Root, "pki.key");
    public SitePlan Plan { get; private set; } = null!;
    public IReadOnlyList<AgentLauncher> Agents => _agents;
    public TimeSpan SetupTime { get; private set; }

    public static async Task<BenchSite> StartAsync(SiteShape shape, ServerExecutable agent, TextWriter log, CancellationToken cancellationToken)
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

    private async Task SetUpAsync(ServerExecutable agent, TextWriter log, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        Site.PkiKeyFile.Write(PkiKeyFile);
        var executable = _capacity.Wrap(agent);

        // Plan on manifests whose agent endpoints are placeholders: placements depend on host names only. The real
        // endpoints are written once the agents listen (each picks a free port just before it starts, so the
        // benchmark's own connections have little time to take one of them first).
        var placeholders = Enumerable.Range(0, Shape.Hosts).Select(_ => ("127.0.0.1:1", "/nonexistent/ca.crt", "/nonexistent/token")).ToList();
        FleetManifests.Write(FleetDirectory, Shape, placeholders);
        var fleet = FleetManifestLoader.LoadDirectory(FleetDirectory).GetFleetOrThrow();
        Plan = SitePlan.Create(fleet, Shape.HostCpus, Shape.HostMemoryGiB * 1024);
        await log.WriteLineAsync($"Site: {fleet.Clusters.Count:N0} clusters, {Plan.Vms.Count:N0} VMs on {fleet.Hosts.Count} hosts; seeding the controller's store and starting the agents with their VMs");
        await ControllerStateSeeder.SeedAsync(StateDirectory, Plan, PkiKeyFile, keyAlgorithm: null, log, cancellationToken);

        // A few at a time: each JIT agent takes a second or two of CPU to start.
        var byHost = Plan.Vms.ToLookup(v => v.Host, v => v.Vm);
        for (var first = 0; first < Shape.Hosts; first += 3)
        {
            var batch = new List<AgentLauncher>();
            for (var i = first; i < Math.Min(first + 3, Shape.Hosts); i++)
            {
                var launcher = new AgentLauncher("lm-ctlbench-unused", "lmbr0", RepoPaths.GuestDirectory, executable, "--reconcile", "false");
                _agents.Add(launcher);
                batch.Add(launcher);
                await AgentStateSeeder.SeedAsync(launcher.StateDirectory, [.. byHost[FleetManifests.HostName(i)]], cancellationToken);
            }

            await Task.WhenAll(batch.Select(a => a.StartAsync()));
        }

        FleetManifests.Write(FleetDirectory, Shape, [.. _agents.Select(a => ($"127.0.0.1:{a.Port}", a.CaFile, a.TokenFile))]);
        SetupTime = watch.Elapsed;
        await log.WriteLineAsync($"Site ready in {SetupTime.TotalSeconds:F0} s");
    }
}
