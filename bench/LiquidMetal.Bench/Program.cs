using System.Globalization;
using LiquidMetal.Bench.Infrastructure;
using LiquidMetal.Bench.Reporting;
using LiquidMetal.Bench.Scenarios;
using LiquidMetal.Testing.Agent;

// Load generator against the real agent process.
// Usage: LiquidMetal.Bench [api|boot|memory|all] [--rounds N] [--get-seconds N] [--list-calls N] [--creates N]
// Prints markdown; exit 0 when every target is met, 1 when one is missed, 2 on a usage or setup error.
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var rounds = 5;
var api = new ApiSettings();
for (var i = 0; i + 1 < args.Length; i++)
{
    if (!int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) || n <= 0)
    {
        continue;
    }

    switch (args[i])
    {
        case "--rounds": rounds = n; break;
        case "--get-seconds": api = api with { GetDuration = TimeSpan.FromSeconds(n) }; break;
        case "--list-calls": api = api with { ListCalls = n }; break;
        case "--creates": api = api with { SequentialCreates = n }; break;
        default: break;
    }
}

string[] known = ["api", "boot", "memory", "all"];
if (!known.Contains(scenario))
{
    await Console.Error.WriteLineAsync($"usage: LiquidMetal.Bench [{string.Join('|', known)}] [--rounds N] [--get-seconds N] [--list-calls N] [--creates N]");
    return 2;
}

if (Environment.UserName != "root")
{
    await Console.Error.WriteLineAsync("error: the benchmarks need root (they create a network namespace and run QEMU)");
    return 2;
}

Console.WriteLine($"# Liquid Metal benchmarks: {scenario}");
Console.WriteLine();
Console.WriteLine($"- Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, agent {BenchAgent.Deployed.Description}, built {File.GetLastWriteTimeUtc(RepoPaths.AgentBinary):yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"- Machine: {MachineInfo.Describe()}");
Console.WriteLine($"- Load average (1/5/15 min) at start: {MachineInfo.LoadAverage()}");

var reports = new List<ScenarioReport>();
await using (var network = await BenchNetwork.CreateAsync())
{
    try
    {
        if (scenario is "api" or "all")
        {
            reports.Add(Print(await new ApiScenario(network, api).RunAsync()));
        }

        if (scenario is "boot" or "all")
        {
            reports.Add(Print(await new BootScenario(network, rounds).RunAsync()));
        }

        if (scenario is "memory" or "all")
        {
            reports.Add(Print(await new MemoryScenario(network).RunAsync()));
        }
    }
    catch (Exception ex) when (ex is not OutOfMemoryException)
    {
        await Console.Error.WriteLineAsync($"error: the benchmark failed: {ex}");
        return 2;
    }
}

Console.WriteLine();
Console.WriteLine($"- Load average (1/5/15 min) at end: {MachineInfo.LoadAverage()}");
Console.WriteLine();
Console.WriteLine("## Targets");
var targets = new MarkdownTable("benchmark", "target", "measured", "result");
foreach (var check in reports.SelectMany(r => r.Targets))
{
    targets.AddRow(check.Benchmark, check.Target, check.Measured, check.Met ? "met" : "**MISSED**");
}

Console.WriteLine();
Console.Write(targets);
var missed = reports.SelectMany(r => r.Targets).Count(t => !t.Met);
Console.WriteLine();
Console.WriteLine(missed == 0 ? "All targets met." : $"{missed} target(s) missed.");
return missed == 0 ? 0 : 1;

static ScenarioReport Print(ScenarioReport report)
{
    Console.WriteLine();
    Console.Write(report);
    return report;
}
