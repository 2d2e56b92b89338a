namespace LiquidMetal.Controller.Core.Model;

/// <summary>Worker nodes: microVMs (a machine or template) or bare-metal hosts (<see cref="Metal"/>).</summary>
public sealed record WorkerPool
{
    public required string Name { get; init; }
    public required int Replicas { get; init; }
    public MachineSpec? Machine { get; init; }
    public string? MachineTemplateRef { get; init; }
    public MetalPool? Metal { get; init; }

    /// <summary>Labels the kubelet registers each node of the pool with.</summary>
    public IReadOnlyDictionary<string, string> NodeLabels { get; init; } = FleetApi.NoLabels;

    /// <summary>Taints of each node of the pool (none by default).</summary>
    public IReadOnlyList<NodeTaint> Taints { get; init; } = [];

    public bool IsMetal => Metal is not null;
}
