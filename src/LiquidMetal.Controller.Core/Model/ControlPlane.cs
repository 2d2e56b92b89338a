namespace LiquidMetal.Controller.Core.Model;

public sealed record ControlPlane
{
    /// <summary>1, 3 or 5 (an etcd quorum).</summary>
    public required int Replicas { get; init; }
    public required ClusterEndpoint Endpoint { get; init; }

    /// <summary>Exactly one of <see cref="Machine"/> and <see cref="MachineTemplateRef"/> is set.</summary>
    public MachineSpec? Machine { get; init; }
    public string? MachineTemplateRef { get; init; }

    /// <summary>Lets control-plane nodes share failure domains (and hosts) when there are too few; reported Degraded.</summary>
    public bool AllowSharedFailureDomains { get; init; }

    /// <summary>Counts control-plane nodes against overcommitted capacity like workers.</summary>
    public bool AllowOvercommit { get; init; }

    /// <summary>Labels the kubelet registers each control-plane node with.</summary>
    public IReadOnlyDictionary<string, string> NodeLabels { get; init; } = FleetApi.NoLabels;

    /// <summary>Taints of each control-plane node; null means kubeadm's default (<see cref="NodeTaint.ControlPlane"/>), empty means none.</summary>
    public IReadOnlyList<NodeTaint>? Taints { get; init; }

    /// <summary>The taints control-plane nodes register with.</summary>
    public IReadOnlyList<NodeTaint> EffectiveTaints => Taints ?? DefaultTaints;

    private static readonly IReadOnlyList<NodeTaint> DefaultTaints = [NodeTaint.ControlPlane];
}
