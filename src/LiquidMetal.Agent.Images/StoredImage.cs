namespace LiquidMetal.Agent.Images;

/// <summary>A pulled image on this host: how it is named (tag, or digest), its manifest digest and its blobs' bytes.</summary>
public sealed record StoredImage(string Reference, string ManifestDigest, long BlobBytes);
