using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>A node that has no host, why, and what every host that said no said.</summary>
public sealed record UnplacedNode(string Cluster, string Node, NodeRole Role, string? Pool, string Reason, IReadOnlyList<HostRejection> Rejections);
