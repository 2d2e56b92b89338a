using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Pull;

/// <summary>
/// An image whose manifest, config and layers are all in the blob store.
/// </summary>
/// <param name="Reference">The normalised reference, pinned to <see cref="ManifestDigest"/>.</param>
/// <param name="ManifestDigest">The platform's image manifest (what identifies the image's content).</param>
/// <param name="MediaType">The manifest's media type (OCI or Docker v2).</param>
/// <param name="IndexDigest">The index the manifest was picked from, when the reference named one.</param>
/// <param name="Config">The config blob's digest and parsed essentials (platform, entrypoint, env, diff ids).</param>
/// <param name="Layers">Layers bottom first, as the manifest lists them.</param>
public sealed record PulledImage(
    ImageReference Reference,
    Digest ManifestDigest,
    string MediaType,
    Digest? IndexDigest,
    Digest ConfigDigest,
    ImageConfig Config,
    IReadOnlyList<PulledLayer> Layers)
{
    public long TotalLayerBytes => Layers.Sum(l => l.Size);
}
