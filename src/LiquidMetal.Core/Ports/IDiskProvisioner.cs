namespace LiquidMetal.Core.Ports;

/// <summary>Builds a VM's own disk from a base image: a copy-on-write overlay, optionally grown.</summary>
public interface IDiskProvisioner
{
    /// <summary>Creates <paramref name="targetPath"/> atomically unless it exists; returns its format.</summary>
    /// <param name="baseFormat">The base's format when the caller made the base and knows it (an image cache's raw
    /// volume): the base is then not probed. Null: the provisioner inspects the base (and refuses unsafe ones).</param>
    Task<DiskFormat> EnsureWritableDiskAsync(string basePath, DiskFormat? baseFormat, string targetPath, int? sizeMiB, CancellationToken cancellationToken);
}
