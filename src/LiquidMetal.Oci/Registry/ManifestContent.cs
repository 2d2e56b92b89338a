using LiquidMetal.Oci.Manifests;

namespace LiquidMetal.Oci.Registry;

/// <summary>A fetched, digest-verified manifest or index: its descriptor, its exact bytes and the parsed form (one of the two).</summary>
public sealed record ManifestContent(Descriptor Descriptor, byte[] Bytes, ImageIndex? Index, ImageManifest? Manifest);
