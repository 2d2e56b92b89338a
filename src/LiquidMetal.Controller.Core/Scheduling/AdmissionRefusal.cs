namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>A new cluster with requireHeadroom that was not admitted, and why.</summary>
public sealed record AdmissionRefusal(string Cluster, string Reason);
