using System.Diagnostics;
using LiquidMetal.Controller.Bench.Measurement;
using LiquidMetal.Controller.Bench.Site;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Bench.Scenarios;

/// <summary>
/// (b) The real liquidmetal-controller process's memory (<c>controller</c>: the Native AOT binary as deployed, or the JIT
/// build). First idle (an empty state directory, nothing applied; for the Native AOT binary the JIT build too), then
/// over the site: it applies the folder, its watchers list every agent, and rounds find the fleet converged; after
/// <c>settle</c> more (rounds every 5 s, the default resync), its memory is read once a second through the window.
/// </summary>
internal static class MemoryScenario
{
    public static async Task<MemoryResult> RunAsync(
        BenchSite site, ServerExecutable controllerExecutable, TimeSpan settle, TimeSpan window, TextWriter log, CancellationToken cancellationToken)
    {
        var idle = await MeasureIdleAsync(controllerExecutable, Path.Combine(site.Root, "idle-controller"), site.PkiKeyFile, log, cancellationToken);
        var jitIdle = controllerExecutable.IsNative
            ? await MeasureIdleAsync(BenchOptions.JitController, Path.Combine(site.Root, "idle-controller-jit"), site.PkiKeyFile, log, cancellationToken)
            : null;

        await log.WriteLineAsync($"Starting the controller over the site: {controllerExecutable.Description}");
        await using var controller = new ControllerProcess(controllerExecutable, site.StateDirectory, site.FleetDirectory, site.PkiKeyFile);
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
        return new MemoryResult(controllerExecutable, idle, jitIdle, converged, samples, elapsed, cpuMs);
    }

    /// <summary>The controller on an empty state directory, nothing applied, no agents: 10 s after it serves.</summary>
    private static async Task<ProcessMemory> MeasureIdleAsync(ServerExecutable executable, string stateDirectory, string pkiKeyFile, TextWriter log, CancellationToken cancellationToken)
    {
        await using var empty = new ControllerProcess(executable, stateDirectory, sourceFolder: null, pkiKeyFile);
        empty.Start();
        await empty.WaitServingAsync(TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        var idle = ProcessMemory.Read(empty.Pid);
        await log.WriteLineAsync($"Idle controller, {executable.Description}: RSS {ProcessMemory.MiB(idle.RssKiB):F1} MiB");
        return idle;
    }
}
