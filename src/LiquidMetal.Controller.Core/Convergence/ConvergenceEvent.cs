namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Something that happened to a cluster, machine or host (the store stamps the time).</summary>
/// <param name="Kind">Cluster, Machine or Host.</param>
/// <param name="Cluster">The cluster it concerns; null for host events.</param>
/// <param name="Name">The cluster, node or host name.</param>
public sealed record ConvergenceEvent(string Kind, string? Cluster, string Name, EventSeverity Severity, string Reason, string Message);
