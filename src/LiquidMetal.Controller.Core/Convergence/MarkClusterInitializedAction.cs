namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Store that <see cref="Cluster"/> is initialized: its init VM <see cref="VmId"/> was observed booted. Sticky: from
/// then on every node of the cluster joins, whatever happens to that VM (<see cref="ClusterBootstrap"/>).
/// </summary>
public sealed record MarkClusterInitializedAction(string Cluster, string VmId) : ConvergenceAction;
