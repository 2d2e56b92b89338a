using LiquidMetal.Core.Ports;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// What the agent asks for when a VM needs an image's kernel, initrd or disk: each is built once per key into the
/// shared <see cref="ImageCache"/> and referenced by the VM (release with <see cref="ImageCache.ReleaseAllAsync"/>).
/// </summary>
public sealed class ImageArtifacts
{
    private readonly ImageCache _cache;
    private readonly LayerUnpacker _unpacker;
    private readonly Ext4VolumeBuilder _volumeBuilder;
    private readonly ImageFileExtractor _extractor;
    private readonly IDiskProvisioner _disks;

    public ImageArtifacts(ImageCache cache, LayerUnpacker unpacker, Ext4VolumeBuilder volumeBuilder, ImageFileExtractor extractor, IDiskProvisioner disks)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(unpacker);
        ArgumentNullException.ThrowIfNull(volumeBuilder);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(disks);
        _cache = cache;
        _unpacker = unpacker;
        _volumeBuilder = volumeBuilder;
        _extractor = extractor;
        _disks = disks;
    }

    /// <summary>The image's ext4 volume of at least <paramref name="sizeMiB"/> (0: just big enough), referenced by the VM.</summary>
    public Task<CachedArtifact> AcquireVolumeAsync(string vmId, LayeredImage image, int sizeMiB, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        return _cache.AcquireOrBuildAsync(vmId, ArtifactKey.Volume(image.ManifestDigest, sizeMiB),
            (temporary, ct) => BuildVolumeAsync(image, sizeMiB, temporary, ct), cancellationToken);
    }

    /// <summary>The image's file at <paramref name="imagePath"/> (a kernel or initrd), referenced by the VM.</summary>
    public Task<CachedArtifact> AcquireFileAsync(string vmId, LayeredImage image, string imagePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        return _cache.AcquireOrBuildAsync(vmId, ArtifactKey.File(image.ManifestDigest, imagePath),
            (temporary, ct) => _extractor.ExtractAsync(image, imagePath, temporary, ct), cancellationToken);
    }

    /// <summary>
    /// The VM's ready-to-boot disk at <paramref name="targetPath"/>: the cached volume (built if missing) plus a
    /// copy-on-write file over it from <see cref="IDiskProvisioner"/>. Idempotent.
    /// </summary>
    public async Task<PreparedDisk> PrepareWritableDiskAsync(string vmId, LayeredImage image, int sizeMiB, string targetPath, CancellationToken cancellationToken)
    {
        var volume = await AcquireVolumeAsync(vmId, image, sizeMiB, cancellationToken).ConfigureAwait(false);
        var format = await _disks.EnsureWritableDiskAsync(volume.Path, DiskFormat.Raw, targetPath, sizeMiB > 0 ? sizeMiB : null, cancellationToken).ConfigureAwait(false);
        return new PreparedDisk(Path.GetFullPath(targetPath), format, volume);
    }

    private async Task BuildVolumeAsync(LayeredImage image, int sizeMiB, string temporary, CancellationToken cancellationToken)
    {
        var scratch = _cache.CreateScratchDirectory();
        try
        {
            var root = Path.Combine(scratch, "root");
            await _unpacker.UnpackAsync(image.Layers, root, cancellationToken).ConfigureAwait(false);
            await _volumeBuilder.BuildAsync(root, temporary, sizeMiB, image.ManifestDigest, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            FileTrees.TryDelete(scratch);
        }
    }
}
