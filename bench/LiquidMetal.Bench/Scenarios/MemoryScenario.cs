using LiquidMetal.Bench.Infrastructure;
using LiquidMetal.Bench.Measurement;
using LiquidMetal.Bench.Reporting;

namespace LiquidMetal.Bench.Scenarios;

/// <summary>The agent's resident memory idle after start, and with 100 stored (not booted) VMs after the GC settles.</summary>
public sealed class MemoryScenario(BenchNetwork network)
{
    private const int StoredVms = 100;
    private const long TargetKiB = 80 * 1024;
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(5);

    public async Task<ScenarioReport> RunAsync()
    {
        var report = new ScenarioReport("memory: agent resident memory, reconcile off");
        await using var agent = await BenchAgent.StartAsync(network, reconciles: false);
        await Task.Delay(IdleWait);
        var idle = ProcessMemory.Read(agent.Pid);

        var client = agent.MicroVms;
        for (var n = 0; n < StoredVms; n++)
        {
            await client.CreateMicroVMAsync(DevGuestSpec.Request("bench", $"mem-{n:D3}"));
        }

        await Task.Delay(SettleWait);
        var stored = ProcessMemory.Read(agent.Pid);

        var table = new MarkdownTable("state", "VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "target", "result");
        var target = $"VmRSS < {Timing.MiB(TargetKiB)}";
        Row(table, $"idle, {IdleWait.TotalSeconds:0} s after healthy", idle, target);
        Row(table, $"{StoredVms} stored VMs, {SettleWait.TotalSeconds:0} s after the last create", stored, target);
        report.Add(table);
        report.Note("""
            - VmRSS is resident memory now, VmHWM its peak since start (from /proc/PID/status). VmRSS = RssAnon (GC heap,
              native heap, stacks) + RssFile (mapped files: the runtime, assemblies, native libraries) + RssShmem (with
              .NET's W^X default, JIT-compiled code lives in shared memory mapped twice).
            - The agent is the Release build run with `dotnet` (workstation, non-concurrent GC as its project sets).
            """);
        report.Check("agent memory, idle", target, Timing.MiB(idle.VmRssKiB), idle.VmRssKiB < TargetKiB);
        report.Check($"agent memory, {StoredVms} stored VMs", target, Timing.MiB(stored.VmRssKiB), stored.VmRssKiB < TargetKiB);
        return report;
    }

    private static void Row(MarkdownTable table, string state, ProcessMemory memory, string target) =>
        table.AddRow(state, Timing.MiB(memory.VmRssKiB), Timing.MiB(memory.VmHwmKiB), Timing.MiB(memory.RssAnonKiB), Timing.MiB(memory.RssFileKiB), Timing.MiB(memory.RssShmemKiB), target,
            memory.VmRssKiB < TargetKiB ? "met" : "**MISSED**");
}
