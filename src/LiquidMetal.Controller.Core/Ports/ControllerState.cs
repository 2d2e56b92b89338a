using LiquidMetal.Controller.Core.Convergence;

namespace LiquidMetal.Controller.Core.Ports;

/// <summary>Everything the controller keeps between restarts (events are read separately).</summary>
/// <param name="Desired">Null until a desired state was applied.</param>
public sealed record ControllerState(
    DesiredStateRecord? Desired,
    IReadOnlyList<MachineRecord> Machines,
    IReadOnlyList<HostStatusRecord> Hosts,
    IReadOnlyList<ConditionSet> Conditions);
