namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// One observed fact about a cluster or machine, cluster-api style. <see cref="Reason"/> is always set;
/// <see cref="LastTransitionTime"/> changes only when <see cref="Status"/> does.
/// </summary>
/// <param name="ObservedGeneration">The desired-state generation this was computed from.</param>
public sealed record Condition(
    string Type,
    ConditionStatus Status,
    string Reason,
    string Message,
    DateTimeOffset LastTransitionTime,
    long ObservedGeneration);
