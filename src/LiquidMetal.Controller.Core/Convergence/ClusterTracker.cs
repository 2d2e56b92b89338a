namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Counts, for one cluster in one round, what its conditions are computed from.</summary>
internal sealed class ClusterTracker(string cluster, int controlPlaneReplicas)
{
    public string Cluster { get; } = cluster;
    public int ControlPlaneReplicas { get; } = controlPlaneReplicas;
    public int Quorum => (ControlPlaneReplicas / 2) + 1;
    public int AliveControlPlane { get; set; }
    public bool LostQuorum => AliveControlPlane < Quorum;
    public int Ready { get; set; }
    public int Actions { get; set; }
    public List<string> Waiting { get; } = [];

    /// <summary>Why its nodes cannot be bootstrapped (none is created), when that held a create back this round.</summary>
    public string? BootstrapProblem { get; set; }

    public void Wait(string what, List<string> all)
    {
        Waiting.Add(what);
        all.Add($"{Cluster}/{what}");
    }
}
