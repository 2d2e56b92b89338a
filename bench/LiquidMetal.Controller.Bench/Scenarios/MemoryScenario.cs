using System.Diagnostics;
using LiquidMetal.Controller.Bench.Measurement;
using LiquidMetal.Controller.Bench.Site;

namespace LiquidMetal.Controller.Bench.Scenarios;

/// <summary>
/// (b) The real liquidmetal-controller process's memory. First idle (an empty state directory, nothing applied), then
/// over the site: it applies the folder, its watchers list every agent, and rounds find the fleet converged; after
/// <c>settle</c> more (rounds every 5 s, the default resync), its memory is read once a second through the window.
/// </summary>
internal static class MemoryScenario
{
    public static async Task<MemoryResult> RunAsync(BenchSite site, TimeSpan settle, TimeSpan window, TextWriter log, CancellationToken cancellationToken)
    {
        ProcessMemory idle;
        await using (var empty = new ControllerProcess(Path.Combine(site.Root, "idle-controller"), sourceFolder: null, site.PkiKeyFile))
        {
            empty.Start();
            await empty.WaitServingAsync(TimeSpan.FromMinutes(3));
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            idle = ProcessMemory.Read(empty.Pid);
        }

        await log.WriteLineAsync($"Idle controller: RSS {ProcessMemory.MiB(idle.RssKiB):F1} MiB; starting it over the site");
        await using var controller = new ControllerProcess(site.StateDirectory, site.FleetDirectory, site.PkiKeyFile);
        var watch = Stopwatch.StartNew();
        controller.Start();
        await controller.WaitConvergedAsync(TimeSpan.FromMinutes(10), cancellationToken);
        var converged = watch.Elapsed;
        await log.WriteLineAsync($"Converged {converged.TotalSeconds:F0} s after start; {settle.TotalSeconds:F0} s more rounds, then {window.TotalSeconds:F0} s measured");
        await Task.Delay(settle, cancellationToken);

        var samples = new List<ProcessMemory>();
        var cpu = ProcStatCpu.ReadMilliseconds(controller.Pid);
        var started = Stopwatch.StartNew();
        while (started.Elapsed < window)
        {
            samples.Add(ProcessMemory.Read(controller.Pid));
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var cpuMs = ProcStatCpu.ReadMilliseconds(controller.Pid) - cpu;
        var elapsed = started.Elapsed;
        return new MemoryResult(idle, converged, samples, elapsed, cpuMs);
    }
}
