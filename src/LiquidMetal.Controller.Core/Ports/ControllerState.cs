using LiquidMetal.Controller.Core.Convergence;

namespace LiquidMetal.Controller.Core.Ports;

/// <summary>Everything the controller keeps between restarts (events are read separately).</summary>
/// <param name="Desired">Null until a desired state was applied.</param>
public sealed record ControllerState(
    DesiredStateRecord? Desired,
    IReadOnlyList<MachineRecord> Machines,
    IReadOnlyList<HostStatusRecord> Hosts,
    IReadOnlyList<ConditionSet> Conditions)
{
    /// <summary>Clusters whose init VM was observed booted at least once (sticky until the cluster is forgotten), by name.</summary>
    public IReadOnlyList<string> InitializedClusters { get; init; } = [];
}
