namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Remove the record of a node that is no longer desired and has no VM left on any reachable host.</summary>
public sealed record ForgetMachineAction(string Cluster, string Node) : ConvergenceAction;
