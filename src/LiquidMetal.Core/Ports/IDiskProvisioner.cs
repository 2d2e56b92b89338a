namespace LiquidMetal.Core.Ports;

/// <summary>Builds a VM's own disk from a base image: a copy-on-write overlay, optionally grown.</summary>
public interface IDiskProvisioner
{
    /// <summary>Creates <paramref name="targetPath"/> atomically unless it exists; returns its format.</summary>
    Task<DiskFormat> EnsureWritableDiskAsync(string basePath, string targetPath, int? sizeMiB, CancellationToken cancellationToken);
}
