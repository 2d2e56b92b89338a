using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Registry;

/// <summary>
/// A reference resolved to the image manifest for our platform.
/// </summary>
/// <param name="Reference">The normalised reference asked for, pinned to <see cref="Manifest"/>'s digest.</param>
/// <param name="Index">The index the manifest was picked from, when the reference named one.</param>
/// <param name="Manifest">The platform's image manifest (<see cref="ManifestContent.Manifest"/> is set).</param>
/// <param name="Source">Where it came from: <c>registry host</c> or <c>mirror host</c>.</param>
public sealed record ResolvedManifest(ImageReference Reference, ManifestContent? Index, ManifestContent Manifest, string Source)
{
    public ImageManifest Image => Manifest.Manifest!;
}
