using LiquidMetal.Controller.Bench.Measurement;

namespace LiquidMetal.Controller.Bench.Scenarios;

/// <summary>What the in-process round scenario found.</summary>
/// <param name="FirstRound">The process's first round that found the fleet converged (cold: JIT, first parse of the desired state).</param>
/// <param name="StoreWrites">Whether the database changed during the measured rounds (it must not: nothing changed).</param>
/// <param name="Sizes">Live managed memory of one copy of each part of a round's data.</param>
/// <param name="Stages">CPU per call of each part of a round, measured on its own (median of the same number of calls).</param>
internal sealed record RoundResult(
    int Clusters,
    int Machines,
    int Hosts,
    int VmsObserved,
    RoundSample FirstRound,
    IReadOnlyList<RoundSample> Rounds,
    bool StoreWrites,
    IReadOnlyList<(string Stage, Summary CpuMs, double AllocatedMiB)> Stages,
    IReadOnlyList<(string Part, double LiveMiB)> Sizes)
{
    public Summary Cpu => Summary.Of([.. Rounds.Select(r => r.CpuMs)]);
    public Summary Wall => Summary.Of([.. Rounds.Select(r => r.WallMs)]);
    public double AllocatedMiB => Rounds.Average(r => r.AllocatedBytes) / 1048576.0;
}
