using System.Diagnostics;
using System.Globalization;
using LiquidMetal.Bootstrap.Bench;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Pki;

// dotnet run -c Release --project bench/LiquidMetal.Bootstrap.Bench [-- --runs 5 --clusters 1000 --keygen 20]
var runs = Option("--runs", 5);
var clusters = Option("--clusters", 1000);
var keygenSamples = Option("--keygen", 20);
const double TargetCpuMs = 1000;

var pki = LoadPki(Path.Combine(AppContext.BaseDirectory, "pki"));
var requests = ClusterGenerator.Requests(clusters, pki);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"# Bootstrap rendering benchmark: {clusters:N0} clusters, {requests.Count:N0} nodes ({runs} timed runs after one cold run; {Environment.ProcessorCount} CPUs, .NET {Environment.Version})"));
Console.WriteLine();
Console.WriteLine("| what | cold run (CPU; wall) | min CPU | median CPU | max CPU | median wall | per node | allocated | output |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");

var render = Measure("render (user-data, meta-data, vendor-data)", requests, static r =>
{
    var bootstrap = NodeBootstrapRenderer.Render(r);
    return bootstrap.UserData.Length + bootstrap.MetaData.Length + bootstrap.VendorData.Length;
}, runs);
var withMetadata = Measure("render + base64 microVM metadata", requests, static r => NodeBootstrapRenderer.Render(r).ToMicroVmMetadata().Values.Sum(v => v.Length), runs);

Console.WriteLine();
var keygen = MeasureKeyGeneration(keygenSamples);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Key generation, reported apart (once per cluster, kept by the controller; not part of rendering): {keygenSamples} cluster PKIs (3 CAs + the service-account pair, RSA 2048), median {keygen.Median:F0} ms CPU per cluster (min {keygen.Min:F0}, max {keygen.Max:F0}): about {keygen.Median * clusters / 1000:F0} s of CPU for {clusters:N0} clusters."));
Console.WriteLine();
var met = withMetadata < TargetCpuMs;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Target: every node of {clusters:N0} clusters in under {TargetCpuMs:N0} ms of CPU: median {withMetadata:F0} ms with metadata encoding ({render:F0} ms rendering alone), {(met ? "met" : "MISSED")}."));
return met ? 0 : 1;

/// <summary>The median CPU time of <paramref name="count"/> passes over every request (after one cold pass), with a table row.</summary>
static double Measure(string name, IReadOnlyList<NodeBootstrapRequest> requests, Func<NodeBootstrapRequest, int> work, int count)
{
    var process = Process.GetCurrentProcess();
    long bytes = 0;
    var (coldCpu, coldWall) = Timed(process, () => bytes = RenderAll(requests, work));
    var cpu = new List<double>(count);
    var wall = new List<double>(count);
    long allocated = 0;
    for (var i = 0; i < count; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (c, w) = Timed(process, () => RenderAll(requests, work));
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        cpu.Add(c);
        wall.Add(w);
    }

    cpu.Sort();
    wall.Sort();
    var median = cpu[cpu.Count / 2];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {coldCpu:F0} ms; {coldWall:F0} ms | {cpu[0]:F0} ms | {median:F0} ms | {cpu[^1]:F0} ms | {wall[wall.Count / 2]:F0} ms | {median * 1000 / requests.Count:F0} µs | {allocated / 1048576.0:F0} MiB | {bytes / 1048576.0:F1} MiB |"));
    return median;
}

/// <summary>CPU per cluster PKI (ClusterPkiGenerator.Generate: three CAs and the service-account key pair).</summary>
static (double Min, double Median, double Max) MeasureKeyGeneration(int samples)
{
    var process = Process.GetCurrentProcess();
    var generator = new ClusterPkiGenerator(TimeProvider.System);
    generator.Generate(); // JIT and crypto initialisation, not measured
    var cpu = new List<double>(samples);
    for (var i = 0; i < samples; i++)
    {
        cpu.Add(Timed(process, () => generator.Generate()).CpuMs);
    }

    cpu.Sort();
    return (cpu[0], cpu[cpu.Count / 2], cpu[^1]);
}

static long RenderAll(IReadOnlyList<NodeBootstrapRequest> requests, Func<NodeBootstrapRequest, int> work)
{
    long total = 0;
    foreach (var request in requests)
    {
        total += work(request);
    }

    return total;
}

static (double CpuMs, double WallMs) Timed(Process process, Action action)
{
    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    action();
    var wall = watch.Elapsed.TotalMilliseconds;
    process.Refresh();
    return ((process.TotalProcessorTime - cpuBefore).TotalMilliseconds, wall);
}

static BootstrapPki LoadPki(string directory)
{
    string Read(string name) => File.ReadAllText(Path.Combine(directory, name));
    return new BootstrapPki
    {
        CaCertificateHash = Read("ca.hash").Trim(),
        CaCertificate = Read("ca.crt"),
        CaKey = Read("ca.key"),
        EtcdCaCertificate = Read("etcd-ca.crt"),
        EtcdCaKey = Read("etcd-ca.key"),
        FrontProxyCaCertificate = Read("front-proxy-ca.crt"),
        FrontProxyCaKey = Read("front-proxy-ca.key"),
        ServiceAccountPublicKey = Read("sa.pub"),
        ServiceAccountKey = Read("sa.key"),
    };
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
