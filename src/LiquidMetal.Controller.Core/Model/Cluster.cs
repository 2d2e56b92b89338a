namespace LiquidMetal.Controller.Core.Model;

/// <summary>A Kubernetes cluster: a control plane of microVMs and worker pools.</summary>
public sealed record Cluster : IFleetObject
{
    public string Kind => FleetApi.ClusterKind;
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = FleetApi.NoLabels;
    public required string KubernetesVersion { get; init; }

    /// <summary>Service and pod ranges and the DNS domain (defaults in <see cref="ClusterNetworking"/>).</summary>
    public ClusterNetworking Networking { get; init; } = ClusterNetworking.Default;
    public required ControlPlane ControlPlane { get; init; }
    public IReadOnlyList<WorkerPool> WorkerPools { get; init; } = [];

    /// <summary>Admit the cluster only while the fleet could re-place its control-plane nodes after any one host fails.</summary>
    public bool RequireHeadroom { get; init; }

    /// <summary>SSH keys put on every node (through vendor-data, as flintlock clients do).</summary>
    public IReadOnlyList<SshPublicKeys> SshPublicKeys { get; init; } = [];
}
