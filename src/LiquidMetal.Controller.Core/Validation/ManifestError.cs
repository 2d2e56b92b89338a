namespace LiquidMetal.Controller.Core.Validation;

/// <summary>
/// One problem in the manifests, e.g.
/// <c>fleet/clusters.yaml: document 2 (Cluster cluster-a): spec.controlPlane.replicas: must be 1, 3 or 5</c>.
/// </summary>
public sealed record ManifestError(ManifestLocation Location, string Field, string Message)
{
    public override string ToString() => Field.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {Field}: {Message}";
}
