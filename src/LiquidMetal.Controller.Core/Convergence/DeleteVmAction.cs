namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Ask <see cref="Vm"/>'s host to delete it (by uid). Deleting a VM that is already gone is not an error.</summary>
public sealed record DeleteVmAction(ObservedVm Vm) : ConvergenceAction;
