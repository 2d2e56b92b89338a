namespace LiquidMetal.Controller.Core.Model;

/// <summary>One node a cluster asks for, named as its microVM will be (<c>cluster-a-cp-0</c>, <c>cluster-a-vm-2</c>).</summary>
public sealed record DesiredNode
{
    public required string Cluster { get; init; }
    public required string Name { get; init; }
    public required NodeRole Role { get; init; }

    /// <summary>The worker pool; null for control-plane nodes.</summary>
    public string? Pool { get; init; }

    /// <summary>The resolved machine of a microVM node; null for bare-metal nodes.</summary>
    public MachineSpec? Machine { get; init; }

    /// <summary>Set for bare-metal worker nodes.</summary>
    public MetalPool? Metal { get; init; }
}
