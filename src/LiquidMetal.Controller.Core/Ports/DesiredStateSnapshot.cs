namespace LiquidMetal.Controller.Core.Ports;

/// <summary>The manifest files of a desired-state source at one revision.</summary>
/// <param name="Revision">A Git commit sha, or "sha256:..." over a folder's files (paths and contents).</param>
/// <param name="Origin">Where the files came from.</param>
/// <param name="Files">Manifest files sorted by path (ordinal), paths relative to the source's root with '/' separators.</param>
public sealed record DesiredStateSnapshot(string Revision, DesiredStateOrigin Origin, IReadOnlyList<ManifestFile> Files);
