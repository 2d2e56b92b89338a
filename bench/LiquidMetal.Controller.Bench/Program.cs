using LiquidMetal.Controller.Bench;
using LiquidMetal.Controller.Bench.Reporting;
using LiquidMetal.Controller.Bench.Scenarios;
using LiquidMetal.Controller.Bench.Site;
using LiquidMetal.Testing.Agent;

// nice -n 19 dotnet build bench/LiquidMetal.Controller.Bench -c Release
// dotnet run -c Release --no-build --project bench/LiquidMetal.Controller.Bench [-- all|round|memory]   (as root)
// dotnet run -c Release --no-build --project bench/LiquidMetal.Controller.Bench -- alloc              (any user, no agents)
// Exit code: 0 every target met, 1 a target missed, 2 a setup error.
var options = BenchOptions.Parse(args, Console.Error);
if (options is null)
{
    return 2;
}

if (options.Scenario == "alloc")
{
    // Reports only: allocations per no-change round and live state, in this process with static agents.
    Console.Write(await LiquidMetal.Controller.Bench.Allocation.AllocationScenario.RunAsync(options.Shape, options.Warmup, options.Rounds, Console.Error, CancellationToken.None));
    return 0;
}

if (Environment.UserName != "root")
{
    Console.Error.WriteLine("run as root: each agent runs in its own mount namespace (unshare) to report a server's capacity");
    return 2;
}

if (!RepoPaths.Agent.Exists || !BenchOptions.JitController.Exists)
{
    Console.Error.WriteLine($"build first (agent: {RepoPaths.Agent.Description}, controller: {BenchOptions.JitController.Description}): dotnet build bench/LiquidMetal.Controller.Bench -c Release");
    return 2;
}

if (options.RunsMemory && !options.Controller.Exists)
{
    Console.Error.WriteLine($"no controller to measure ({options.Controller.Description}): run scripts/publish-controller.sh, or --controller jit");
    return 2;
}

using var cancel = new CancellationTokenSource();
// SIGINT or SIGTERM ends the run and still removes the site (agents, directories).
using var onInterrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);

var report = new BenchReport(options);
await using (var site = await BenchSite.StartAsync(options.Shape, RepoPaths.Agent, Console.Error, cancel.Token))
{
    report.Site(site);
    if (options.Scenario == "hold")
    {
        // For investigations: the site stays up until Ctrl+C or SIGTERM; run the controller against it by hand.
        Console.Error.WriteLine($"Holding the site: --state-dir {site.StateDirectory} --source-folder {site.FleetDirectory} --pki-key-file {site.PkiKeyFile}; Ctrl+C or SIGTERM ends it");
        await Task.Delay(Timeout.Infinite, cancel.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }

    if (options.RunsMemory)
    {
        report.Memory(await MemoryScenario.RunAsync(site, options.Controller, options.Settle, options.Window, Console.Error, cancel.Token));
    }

    if (options.RunsRound)
    {
        report.Round(await RoundScenario.RunAsync(site, options.Warmup, options.Rounds, Console.Error, cancel.Token));
    }
}

report.Finish();
Console.Write(report.Text);
return report.AllMet ? 0 : 1;

void Stop(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}
