namespace LiquidMetal.Oci.Manifests;

/// <summary>An OCI image index or Docker manifest list: one manifest per platform.</summary>
public sealed record ImageIndex(string MediaType, IReadOnlyList<Descriptor> Manifests);
