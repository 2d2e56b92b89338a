namespace LiquidMetal.Oci.Manifests;

/// <summary>An OCI image manifest or Docker v2 manifest: a config blob and layers, bottom first.</summary>
public sealed record ImageManifest(string MediaType, Descriptor Config, IReadOnlyList<Descriptor> Layers);
