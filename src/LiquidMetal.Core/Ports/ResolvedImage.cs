namespace LiquidMetal.Core.Ports;

/// <param name="Path">Absolute host path of the file. Shared with other VMs: never written.</param>
/// <param name="Source">Where it came from, for status: a <c>file://</c> path or <c>registry/repo:tag@sha256:...</c>.</param>
/// <param name="Format">The disk format when the source knows it (its own raw volumes); null: the provisioner probes.</param>
public sealed record ResolvedImage(string Path, string Source, DiskFormat? Format = null);
