using System.Diagnostics;
using System.Globalization;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;
using LiquidMetal.Controller.Core.Tests.Scheduling;
using LiquidMetal.Scheduler.Bench;

// dotnet run -c Release --project bench/LiquidMetal.Scheduler.Bench [-- --runs 5]
var runs = args.Length == 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
Console.WriteLine($"# Scheduler benchmark ({runs} timed runs after one warm-up; {Environment.ProcessorCount} CPUs, .NET {Environment.Version})");
Console.WriteLine();
Console.WriteLine("| scenario | VMs | hosts | first call (wall, CPU) | min | median | max | allocated | placed | moved | unplaced | violations |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

var scale = FleetGenerator.Generate("scale: empty fleet", hosts: 10_000, clusters: 20_000, hostsPerDomain: 4, reserve: true, seed: 1);
var first = Measure(scale, [], runs);

var kept = first.Placements.Select(p => p.Placement).ToList();
Measure(scale with { Name = "scale: re-plan, nothing changed" }, kept, runs);

// 1% of hosts fail: their nodes are re-placed (clusters that lost quorum first).
var failed = scale.Fleet.Hosts.Where((_, i) => i % 100 == 0).Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
var capacities = scale.Capacities.Select(c => failed.Contains(c.Host) ? c with { Health = HostHealth.Failed } : c).ToList();
Measure(scale with { Name = "scale: 1% of hosts failed", Capacities = capacities }, kept, runs);

var binpack = FleetGenerator.Generate("bin-packing", hosts: 10_000, clusters: 20_000, hostsPerDomain: 1, reserve: false, seed: 2);
var packed = Measure(binpack, [], runs);
ReportBinPacking(binpack, packed);
return;

SchedulePlan Measure(Workload workload, IReadOnlyList<Placement> current, int count)
{
    // The first call of a process also pays for JIT and growing the heap; the timed runs that follow do not.
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var cold = Stopwatch.StartNew();
    var plan = FleetScheduler.Plan(workload.Fleet, workload.Capacities, current);
    var first = cold.Elapsed.TotalMilliseconds;
    var firstCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
    var times = new List<double>(count);
    long allocated = 0;
    for (var i = 0; i < count; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        plan = FleetScheduler.Plan(workload.Fleet, workload.Capacities, current);
        times.Add(watch.Elapsed.TotalMilliseconds);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    }

    var violations = PlanConstraintChecker.Check(workload.Fleet, workload.Capacities, current, plan);
    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {workload.Name} | {workload.Vms:N0} | {workload.Fleet.Hosts.Count:N0} | {first:F0} ms ({firstCpu:F0} ms CPU) | {times[0]:F0} ms | {times[times.Count / 2]:F0} ms | {times[^1]:F0} ms | {allocated / 1048576.0:F0} MiB | {plan.Placements.Count:N0} | {plan.Placements.Count(p => p.Change == PlacementChange.Moved):N0} | {plan.Unplaced.Count:N0} | {violations.Count} |"));
    foreach (var violation in violations.Take(5))
    {
        Console.Error.WriteLine($"  violation: {violation}");
    }

    return plan;
}

void ReportBinPacking(Workload workload, SchedulePlan plan)
{
    var nodes = FleetNodes.Expand(workload.Fleet);
    var cpus = nodes.Sum(n => (long)n.Machine!.Vcpus);
    var memory = nodes.Sum(n => (long)n.Machine!.MemoryMiB);
    var lowerBound = (int)Math.Max(Math.Ceiling(cpus / 64.0), Math.Ceiling(memory / (256 * 1024.0)));
    var used = plan.Placements.Select(p => p.Placement.Host).Distinct(StringComparer.Ordinal).Count();
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Bin packing: demand {cpus:N0} vCPUs, {memory / 1024:N0} GiB on hosts of 64 vCPUs, 256 GiB: lower bound {lowerBound:N0} hosts, used {used:N0} ({(used - lowerBound) * 100.0 / lowerBound:F2}% above)."));
}
