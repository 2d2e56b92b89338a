using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>A node during planning: its demand and, once decided, its host and why.</summary>
internal sealed class NodeWork(DesiredNode node, ClusterState cluster, PoolState? pool)
{
    public DesiredNode Node { get; } = node;
    public ClusterState Cluster { get; } = cluster;
    public PoolState? Pool { get; } = pool;
    public string Name => Node.Name;
    public bool IsControlPlane => Node.Role == NodeRole.ControlPlane;
    public bool IsMetal => Node.Metal is not null;
    public long Cpus { get; } = node.Machine?.Vcpus ?? 0;
    public long MemoryMiB { get; } = node.Machine?.MemoryMiB ?? 0;

    /// <summary>Counts against overcommitted capacity: workers, and control-plane nodes that allow it.</summary>
    public bool Overcommit { get; } = node.Role == NodeRole.Worker || cluster.Cluster.ControlPlane.AllowOvercommit;

    public HostState? Host { get; set; }
    public PlacementChange Change { get; set; }
    public string? Reason { get; set; }

    /// <summary>The host of a current placement the plan let go, and why.</summary>
    public string? PreviousHost { get; set; }
    public string? PreviousReleaseReason { get; set; }
    public string? UnplacedReason { get; set; }
    public IReadOnlyList<HostRejection> Rejections { get; set; } = [];

    public string Size => $"{Cpus} vCPU{(Cpus == 1 ? "" : "s")}, {MemoryMiB} MiB";
}
