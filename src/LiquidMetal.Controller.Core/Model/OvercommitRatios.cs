namespace LiquidMetal.Controller.Core.Model;

/// <summary>How far a host's allocatable CPUs and memory may be promised to microVMs (1.0 = no overcommit).</summary>
public sealed record OvercommitRatios(double Cpu, double Memory)
{
    public static OvercommitRatios None { get; } = new(1.0, 1.0);
}
