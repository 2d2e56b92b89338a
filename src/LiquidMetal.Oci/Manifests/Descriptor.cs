using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Manifests;

/// <summary>A pointer to content: its media type, digest and exact size (and, in an index, its platform).</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size, Platform? Platform = null);
