namespace LiquidMetal.Controller.Bench.Scenarios;

/// <summary>One measured round: process CPU, wall time, bytes allocated and garbage collections during it.</summary>
internal sealed record RoundSample(double CpuMs, double WallMs, long AllocatedBytes, int Gen0, int Gen1, int Gen2);
