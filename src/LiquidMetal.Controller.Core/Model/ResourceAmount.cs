namespace LiquidMetal.Controller.Core.Model;

/// <summary>CPUs and memory, e.g. what a host keeps for its own OS.</summary>
public sealed record ResourceAmount(int Cpus, long MemoryMiB)
{
    public static ResourceAmount None { get; } = new(0, 0);
}
