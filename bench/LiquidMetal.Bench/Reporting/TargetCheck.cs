namespace LiquidMetal.Bench.Reporting;

/// <summary>One target of one benchmark: what was measured against what was asked for.</summary>
public sealed record TargetCheck(string Benchmark, string Target, string Measured, bool Met);
