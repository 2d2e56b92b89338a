using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Store <see cref="Record"/> (the node's VM was found where the record did not say, or is confirmed created).</summary>
public sealed record SaveMachineAction(MachineRecord Record) : ConvergenceAction;
