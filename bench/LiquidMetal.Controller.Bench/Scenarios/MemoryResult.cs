using LiquidMetal.Controller.Bench.Measurement;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Bench.Scenarios;

/// <summary>What the controller-process scenario found.</summary>
/// <param name="Controller">The controller process measured (Native AOT or JIT).</param>
/// <param name="Idle">The controller on an empty state directory, nothing applied, no agents.</param>
/// <param name="JitIdle">The JIT build idle the same way, for comparison, when <paramref name="Controller"/> is the Native AOT binary.</param>
/// <param name="Samples">Once a second through the measured window, with the site's state loaded and converged.</param>
/// <param name="WindowCpuMs">The process's CPU time during the window (10 ms ticks).</param>
internal sealed record MemoryResult(
    ServerExecutable Controller,
    ProcessMemory Idle,
    ProcessMemory? JitIdle,
    TimeSpan ConvergeTime,
    IReadOnlyList<ProcessMemory> Samples,
    TimeSpan Window,
    double WindowCpuMs)
{
    public ProcessMemory Last => Samples[^1];
    public long MaxRssKiB => Samples.Max(s => s.RssKiB);
    public long MaxPssKiB => Samples.Max(s => s.PssKiB);
}
