namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Forget a cluster's PKI: the cluster is no longer declared and none of its VMs or records is left (planned in the
/// round that forgets its last records, before them, so a controller killed in between plans it again).
/// </summary>
public sealed record ForgetClusterPkiAction(string Cluster) : ConvergenceAction;
