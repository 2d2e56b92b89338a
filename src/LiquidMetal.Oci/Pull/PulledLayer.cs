using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Pull;

/// <summary>A stored layer blob: as the manifest describes it, plus where it is on disk (<see cref="Content.BlobStore.PathOf"/>).</summary>
public sealed record PulledLayer(string MediaType, Digest Digest, long Size, string Path);
