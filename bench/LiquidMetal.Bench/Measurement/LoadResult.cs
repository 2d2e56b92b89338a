namespace LiquidMetal.Bench.Measurement;

/// <summary>The measured part of a load run: every call's latency, the wall time it took, and the CPU the agent and this process used meanwhile.</summary>
public sealed record LoadResult(LatencySummary Latencies, TimeSpan Wall, TimeSpan AgentCpu, TimeSpan BenchCpu)
{
    public double Throughput => Latencies.Count / Wall.TotalSeconds;

    /// <summary>Cores the agent kept busy on average (1.0 = one whole core).</summary>
    public double AgentCores => AgentCpu / Wall;

    public double BenchCores => BenchCpu / Wall;
}
