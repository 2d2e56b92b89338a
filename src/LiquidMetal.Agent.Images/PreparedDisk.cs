using LiquidMetal.Core.Ports;

namespace LiquidMetal.Agent.Images;

/// <summary>A VM's writable disk: a copy-on-write file at <paramref name="Path"/> over the cached base volume.</summary>
public sealed record PreparedDisk(string Path, DiskFormat Format, CachedArtifact Base);
