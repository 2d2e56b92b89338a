namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Names of the condition types and object kinds the controller reports.</summary>
public static class ConditionTypes
{
    public const string ClusterKind = "Cluster";
    public const string MachineKind = "Machine";

    /// <summary>Cluster: every node has a host with every constraint met (False: Degraded or Unschedulable).</summary>
    public const string Placed = "Placed";

    /// <summary>Cluster: a majority of its control-plane nodes have a live VM.</summary>
    public const string ControlPlaneQuorum = "ControlPlaneQuorum";

    /// <summary>Cluster: every machine has exactly its current VM and nothing else is left to do.</summary>
    public const string Converged = "Converged";

    /// <summary>Machine: its VM with the current spec is alive on its host.</summary>
    public const string VmAvailable = "VmAvailable";

    /// <summary>Machine: no VM with an older spec (or on an older host) remains.</summary>
    public const string UpToDate = "UpToDate";
}
