namespace LiquidMetal.Controller.Core.Scheduling;

public sealed record ClusterScheduleStatus(string Cluster, ClusterScheduleState State, IReadOnlyList<string> Reasons);
