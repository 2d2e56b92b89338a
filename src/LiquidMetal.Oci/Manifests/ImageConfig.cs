using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Manifests;

/// <summary>
/// The parts of an image config a VM host cares about. <see cref="DiffIds"/> are the digests of the uncompressed
/// layers, in order, for verifying unpacked layers.
/// </summary>
public sealed record ImageConfig(
    Platform Platform,
    DateTimeOffset? Created,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<string> Env,
    string? WorkingDir,
    string? User,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Digest> DiffIds);
