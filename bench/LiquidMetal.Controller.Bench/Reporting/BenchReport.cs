using System.Globalization;
using System.Text;
using LiquidMetal.Controller.Bench.Measurement;
using LiquidMetal.Controller.Bench.Scenarios;
using LiquidMetal.Controller.Bench.Site;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Bench.Reporting;

/// <summary>The markdown report and the targets: a no-change round under 200 ms of CPU; the process under 150 MiB.</summary>
internal sealed class BenchReport
{
    private const double RoundCpuTargetMs = 200;
    private const double MemoryTargetMiB = 150;

    private readonly StringBuilder _text = new();
    private readonly List<(string Target, string Result, bool Met)> _targets = [];

    public BenchReport(BenchOptions options)
    {
        Line($"# Controller benchmark ({DateTime.Now:yyyy-MM-dd HH:mm})");
        Line();
        Line($"- Machine: {CpuModel()}, {Environment.ProcessorCount} CPUs, {MemTotalGiB():F0} GiB; .NET {Environment.Version}; load average at start {LoadAverage()}");
        Line($"- Agents: {RepoPaths.Agent.Description}, reconciliation off; controller (memory): {options.Controller.Description}");
        Line($"- Options: scenario {options.Scenario}, {options.Warmup} warm-up + {options.Rounds} measured rounds, settle {options.Settle.TotalSeconds:F0} s, window {options.Window.TotalSeconds:F0} s");
    }

    public string Text => _text.ToString();
    public bool AllMet => _targets.All(t => t.Met);

    public void Site(BenchSite site)
    {
        var vms = site.Plan.Vms;
        var perHost = vms.GroupBy(v => v.Host).Select(g => g.Count()).ToList();
        Line($"- Site: {site.Plan.Fleet.Clusters.Count:N0} clusters, {vms.Count:N0} VMs ({vms.Count(v => v.Vm.Node.Role == Core.Model.NodeRole.ControlPlane):N0} control-plane), " +
             $"{site.Shape.Hosts} hosts of {site.Shape.HostCpus} CPUs and {site.Shape.HostMemoryGiB} GiB in {(site.Shape.Hosts + site.Shape.HostsPerRack - 1) / site.Shape.HostsPerRack} racks, " +
             $"{perHost.Min()} to {perHost.Max()} VMs per host; set up in {site.SetupTime.TotalSeconds:F0} s");
        Line();
    }

    public void Memory(MemoryResult result)
    {
        Line("## (b) liquidmetal-controller memory");
        Line();
        Line($"Controller: {result.Controller.Description}. Converged {result.ConvergeTime.TotalSeconds:F0} s after start; {result.Samples.Count} samples over {result.Window.TotalSeconds:F0} s (rounds every 5 s).");
        Line();
        Line("| state | RSS | PSS | PSS anon | PSS file | PSS shmem | peak RSS (VmHWM) |");
        Line("|---|---:|---:|---:|---:|---:|---:|");
        Row("idle: nothing applied, no agents", result.Idle);
        if (result.JitIdle is { } jitIdle)
        {
            Row("idle, the JIT build for comparison", jitIdle);
        }

        Row("site stored and converged: last sample", result.Last);
        Line(Invariant($"| site stored and converged: highest of the window | {ProcessMemory.MiB(result.MaxRssKiB):F1} MiB | {ProcessMemory.MiB(result.MaxPssKiB):F1} MiB | | | | |"));
        Line();
        var cores = result.WindowCpuMs / result.Window.TotalMilliseconds;
        Line(Invariant($"Process CPU over the window: {result.WindowCpuMs:F0} ms in {result.Window.TotalSeconds:F0} s ({cores * 100:F1} % of one core), about {result.WindowCpuMs / (result.Window.TotalSeconds / 5):F0} ms per 5 s resync (round plus idle work: watches, timers)."));
        Line();
        var highest = ProcessMemory.MiB(Math.Max(result.MaxRssKiB, result.MaxPssKiB));
        _targets.Add(("controller memory with 1,000 clusters stored < 150 MiB (highest RSS sampled)",
            Invariant($"RSS {ProcessMemory.MiB(result.MaxRssKiB):F1} MiB, PSS {ProcessMemory.MiB(result.MaxPssKiB):F1} MiB (peak since start {ProcessMemory.MiB(result.Last.PeakRssKiB):F1} MiB)"),
            highest < MemoryTargetMiB));
    }

    public void Round(RoundResult result)
    {
        Line("## (a) A no-change convergence round, in process");
        Line();
        Line($"{result.Clusters:N0} clusters, {result.Machines:N0} machine records, {result.VmsObserved:N0} VMs observed on {result.Hosts} hosts; every round found nothing to do; " +
             $"database changed during the measured rounds: {(result.StoreWrites ? "**yes**" : "no")}.");
        Line();
        Line("| rounds | CPU min | CPU median | CPU p90 | CPU max | CPU mean | wall median | allocated per round | GCs (gen0/1/2) |");
        Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var cpu = result.Cpu;
        Line(Invariant($"| {result.Rounds.Count} | {cpu.Min:F1} ms | {cpu.Median:F1} ms | {cpu.P90:F1} ms | {cpu.Max:F1} ms | {cpu.Mean:F1} ms | {result.Wall.Median:F1} ms | {result.AllocatedMiB:F1} MiB | {result.Rounds.Sum(r => r.Gen0)}/{result.Rounds.Sum(r => r.Gen1)}/{result.Rounds.Sum(r => r.Gen2)} |"));
        Line();
        Line(Invariant($"The first converged round of the process (cold): {result.FirstRound.CpuMs:F0} ms CPU, {result.FirstRound.WallMs:F0} ms wall."));
        Line();
        Line("Where a round's CPU goes (each part on its own, same number of calls):");
        Line();
        Line("| part | CPU median | CPU max | allocated per call |");
        Line("|---|---:|---:|---:|");
        foreach (var (stage, stageCpu, allocated) in result.Stages)
        {
            Line(Invariant($"| {stage} | {stageCpu.Median:F1} ms | {stageCpu.Max:F1} ms | {allocated:F1} MiB |"));
        }

        Line();
        Line("Live managed memory of one copy of each part of a round's data (heap after a full collection, with and without it):");
        Line();
        Line("| part | live |");
        Line("|---|---:|");
        foreach (var (part, mib) in result.Sizes)
        {
            Line(Invariant($"| {part} | {mib:F1} MiB |"));
        }

        Line();
        _targets.Add(("no-change round over 1,000 clusters < 200 ms CPU (median; p90 and max shown)",
            Invariant($"median {cpu.Median:F1} ms, p90 {cpu.P90:F1} ms, max {cpu.Max:F1} ms"),
            cpu.Median < RoundCpuTargetMs && !result.StoreWrites));
    }

    public void Finish()
    {
        Line("## Targets");
        Line();
        Line("| target | result | met |");
        Line("|---|---|---|");
        foreach (var (target, result, met) in _targets)
        {
            Line($"| {target} | {result} | {(met ? "yes" : "**no**")} |");
        }

        Line();
        Line($"Load average at the end: {LoadAverage()}");
    }

    private void Row(string state, ProcessMemory m) => Line(Invariant(
        $"| {state} | {ProcessMemory.MiB(m.RssKiB):F1} MiB | {ProcessMemory.MiB(m.PssKiB):F1} MiB | {ProcessMemory.MiB(m.PssAnonKiB):F1} MiB | {ProcessMemory.MiB(m.PssFileKiB):F1} MiB | {ProcessMemory.MiB(m.PssShmemKiB):F1} MiB | {ProcessMemory.MiB(m.PeakRssKiB):F1} MiB |"));

    private void Line(string text = "") => _text.Append(text).Append('\n');

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static double MemTotalGiB() =>
        long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576.0;
}
