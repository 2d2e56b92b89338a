namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Forget that <see cref="Cluster"/> was initialized: it is no longer declared and none of its VMs or records is left
/// (planned before its PKI and last records are forgotten, so a controller killed in between plans it again).
/// </summary>
public sealed record ForgetClusterInitializedAction(string Cluster) : ConvergenceAction;
