using LiquidMetal.Bench.Infrastructure;
using LiquidMetal.Bench.Measurement;
using LiquidMetal.Bench.Reporting;
using LiquidMetal.Testing.Agent;

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
        var table = new MarkdownTable("build", "state", "VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "target", "result");
        var target = $"VmRSS < {Timing.MiB(TargetKiB)}";

        // The deployed Native AOT binary is judged; the JIT build of the same commit runs next to it for comparison.
        var (idle, stored) = await MeasureAsync(BenchAgent.Deployed);
        Row(table, "Native AOT (deployed)", $"idle, {IdleWait.TotalSeconds:0} s after healthy", idle, target);
        Row(table, "Native AOT (deployed)", $"{StoredVms} stored VMs, {SettleWait.TotalSeconds:0} s after the last create", stored, target);
        var (jitIdle, jitStored) = await MeasureAsync(BenchAgent.Jit);
        Row(table, "JIT (comparison)", "idle", jitIdle, "-");
        Row(table, "JIT (comparison)", $"{StoredVms} stored VMs", jitStored, "-");
        report.Add(table);
        report.Note("""
            - VmRSS is resident memory now, VmHWM its peak since start (from /proc/PID/status). VmRSS = RssAnon (GC heap,
              native heap, stacks) + RssFile (mapped files: the runtime, assemblies, native libraries) + RssShmem (with
              .NET's W^X default, JIT-compiled code lives in shared memory mapped twice).
            - Native AOT: artifacts/agent/liquidmetal-agent (scripts/publish-agent.sh). JIT: the Release build run with
              `dotnet`. Both use workstation, non-concurrent GC as the project sets, and invariant globalization.
            """);
        report.Check("agent memory, idle", target, Timing.MiB(idle.VmRssKiB), idle.VmRssKiB < TargetKiB);
        report.Check($"agent memory, {StoredVms} stored VMs", target, Timing.MiB(stored.VmRssKiB), stored.VmRssKiB < TargetKiB);
        return report;
    }

    private async Task<(ProcessMemory Idle, ProcessMemory Stored)> MeasureAsync(ServerExecutable executable)
    {
        await using var agent = await BenchAgent.StartAsync(network, reconciles: false, executable);
        await Task.Delay(IdleWait);
        var idle = ProcessMemory.Read(agent.Pid);

        var client = agent.MicroVms;
        for (var n = 0; n < StoredVms; n++)
        {
            await client.CreateMicroVMAsync(DevGuestSpec.Request("bench", $"mem-{n:D3}"));
        }

        await Task.Delay(SettleWait);
        return (idle, ProcessMemory.Read(agent.Pid));
    }

    private static void Row(MarkdownTable table, string build, string state, ProcessMemory memory, string target) =>
        table.AddRow(build, state, Timing.MiB(memory.VmRssKiB), Timing.MiB(memory.VmHwmKiB), Timing.MiB(memory.RssAnonKiB), Timing.MiB(memory.RssFileKiB), Timing.MiB(memory.RssShmemKiB), target,
            target == "-" ? "-" : memory.VmRssKiB < TargetKiB ? "met" : "**MISSED**");
}
