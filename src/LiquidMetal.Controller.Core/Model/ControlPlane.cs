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
}
