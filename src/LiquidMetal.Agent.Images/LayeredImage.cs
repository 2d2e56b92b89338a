namespace LiquidMetal.Agent.Images;

/// <summary>A pulled image: what it was asked as, its manifest digest (the cache key) and its layers, lowest first.</summary>
/// <param name="Reference">The reference it was pulled by (<c>registry/repo:tag</c>), for messages.</param>
/// <param name="ManifestDigest">Digest of the image manifest (<c>sha256:...</c>).</param>
/// <param name="Layers">Layers in application order (the manifest's order).</param>
public sealed record LayeredImage(string Reference, string ManifestDigest, IReadOnlyList<ImageLayer> Layers);
