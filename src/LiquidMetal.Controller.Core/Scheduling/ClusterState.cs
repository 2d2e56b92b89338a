using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

internal sealed class ClusterState(Cluster cluster, bool isNew)
{
    public Cluster Cluster { get; } = cluster;
    public string Name => Cluster.Name;

    /// <summary>No node of it is placed yet: admitted only when its whole control plane fits.</summary>
    public bool IsNew { get; } = isNew;
    public bool LostQuorum { get; set; }

    /// <summary>Why the cluster takes no hosts in this plan (control plane did not fit, admission refused).</summary>
    public string? NotAdmitted { get; set; }
    public List<NodeWork> ControlPlane { get; } = [];
    public List<NodeWork> Workers { get; } = [];
    public Dictionary<string, PoolState> Pools { get; } = new(StringComparer.Ordinal);

    public int Quorum => (Cluster.ControlPlane.Replicas / 2) + 1;

    public int PlacedControlPlane
    {
        get
        {
            var placed = 0;
            foreach (var node in ControlPlane)
            {
                placed += node.Host is not null ? 1 : 0;
            }

            return placed;
        }
    }
}
