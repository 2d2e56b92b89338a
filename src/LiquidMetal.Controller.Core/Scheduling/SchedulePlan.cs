namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>
/// The scheduler's answer: where every node lands and why, the nodes that could not be placed with every host's
/// "no", the current placements it lets go, each cluster's state, and the fleet's failover headroom.
/// Lists are in a stable order: clusters by name, then control plane, then pools as declared, by index.
/// </summary>
public sealed record SchedulePlan(
    IReadOnlyList<NodePlacement> Placements,
    IReadOnlyList<UnplacedNode> Unplaced,
    IReadOnlyList<ReleasedPlacement> Released,
    IReadOnlyList<ClusterScheduleStatus> Clusters,
    HeadroomReport Headroom);
