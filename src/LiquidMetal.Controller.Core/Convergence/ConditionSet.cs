namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>The conditions of one object: kind <c>Cluster</c> (name = cluster) or <c>Machine</c> (name = node).</summary>
public sealed record ConditionSet(string Kind, string Name, IReadOnlyList<Condition> Conditions)
{
    public Condition? Find(string type) => Convergence.Conditions.Find(Conditions, type);
}
