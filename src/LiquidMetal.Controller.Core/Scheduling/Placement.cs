using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>A node of a cluster on a host (<see cref="Pool"/> is null for control-plane nodes).</summary>
public sealed record Placement(string Cluster, string Node, NodeRole Role, string? Pool, string Host);
