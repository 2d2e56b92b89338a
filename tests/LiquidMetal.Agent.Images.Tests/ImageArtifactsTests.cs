using System.Text.Json;
using LiquidMetal.Agent.Images.Tests.Harness;
using LiquidMetal.Agent.Qemu;
using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Images.Tests;

/// <summary>Layers to a VM's disk end to end: real unpack, mkfs.ext4, SQLite cache and qemu-img overlays.</summary>
public sealed class ImageArtifactsTests : IAsyncLifetime, IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly TestDirectory _directory = new();
    private ImageCache _cache = null!;
    private ImageArtifacts _artifacts = null!;

    public async Task InitializeAsync()
    {
        _cache = await ImageCache.OpenAsync(
            new ImageCacheOptions { Directory = _directory.Combine("cache") }, NullLogger<ImageCache>.Instance, TimeProvider.System, CancellationToken.None);
        _artifacts = new ImageArtifacts(
            _cache,
            new LayerUnpacker(LayerLimits.Default, NullLogger<LayerUnpacker>.Instance),
            new Ext4VolumeBuilder(new Ext4VolumeOptions(), NullLogger<Ext4VolumeBuilder>.Instance),
            new ImageFileExtractor(LayerLimits.Default),
            new QemuImgDiskProvisioner(Options.Create(new QemuOptions()), NullLogger<QemuImgDiskProvisioner>.Instance));
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PrepareWritableDiskAsync_TwoVmsOneImage_ShareOneBaseThenPruneFreesIt()
    {
        var image = Image(
            new LayerBuilder().Directory("etc").File("etc/os-release", "ID=test\n").File("bin/busybox", new byte[3 << 20]),
            new LayerBuilder().File("etc/hostname", "node\n").Whiteout("bin/busybox"));

        var first = await _artifacts.PrepareWritableDiskAsync("vm-a", image, 256, _directory.Combine("vms", "a", "root.qcow2"), CancellationToken.None);
        var second = await _artifacts.PrepareWritableDiskAsync("vm-b", image, 256, _directory.Combine("vms", "b", "root.qcow2"), CancellationToken.None);

        Assert.Equal(first.Base.Path, second.Base.Path);
        Assert.Equal(DiskFormat.Qcow2, second.Format);
        foreach (var disk in new[] { first, second })
        {
            using var info = JsonDocument.Parse(await Tools.CheckAsync("qemu-img", "info", "-U", "--output=json", disk.Path));
            Assert.Equal(first.Base.Path, info.RootElement.GetProperty("backing-filename").GetString());
            Assert.Equal(256 * MiB, info.RootElement.GetProperty("virtual-size").GetInt64());
            Assert.InRange(UnixNative.AllocatedBytes(disk.Path), 1, MiB);
        }

        Assert.Equal("node\n", await Tools.CheckAsync("debugfs", "-R", "cat /etc/hostname", first.Base.Path));
        var (_, statOutput, statErrors) = await Tools.RunAsync("debugfs", "-R", "stat /bin/busybox", first.Base.Path);
        Assert.Contains("File not found", statOutput + statErrors, StringComparison.Ordinal);
        var listed = Assert.Single(await _cache.ListAsync(CancellationToken.None));
        Assert.Equal(2, listed.RefCount);
        Assert.Equal(ArtifactKey.Volume(image.ManifestDigest, 256), listed.Key);

        File.Delete(first.Path);
        File.Delete(second.Path);
        await _cache.ReleaseAllAsync("vm-a", CancellationToken.None);
        await _cache.ReleaseAllAsync("vm-b", CancellationToken.None);
        var pruned = await _cache.PruneAsync(0, CancellationToken.None);

        Assert.Equal([listed.Key], pruned.Removed);
        Assert.Empty(Directory.GetFileSystemEntries(_cache.ArtifactsDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(_cache.WorkDirectory));
    }

    [Fact]
    public async Task AcquireFileAsync_KernelOfImage_ExtractedOnceAndShared()
    {
        var image = Image(new LayerBuilder().File("boot/vmlinuz", "kernel"), new LayerBuilder().File("etc/motd", "hi"));

        var a = await _artifacts.AcquireFileAsync("vm-a", image, "boot/vmlinuz", CancellationToken.None);
        var b = await _artifacts.AcquireFileAsync("vm-b", image, "/boot/vmlinuz", CancellationToken.None);

        Assert.Equal(a.Path, b.Path);
        Assert.Equal("kernel", File.ReadAllText(a.Path));
        Assert.Equal(2, Assert.Single(await _cache.ListAsync(CancellationToken.None)).RefCount);
    }

    [Fact]
    public async Task AcquireFileAsync_MissingKernel_FileNotFoundAndNothingCached()
    {
        var image = Image(new LayerBuilder().File("boot/vmlinuz", "kernel"));

        var error = await Assert.ThrowsAsync<ImagesException>(() => _artifacts.AcquireFileAsync("vm-a", image, "boot/bzImage", CancellationToken.None));

        Assert.Equal(ImagesErrorCode.FileNotFound, error.Code);
        Assert.Contains("registry.test/node:1", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _cache.ListAsync(CancellationToken.None));
        Assert.Empty(Directory.GetFileSystemEntries(_cache.WorkDirectory));
    }

    [Fact]
    public async Task AcquireVolumeAsync_HostileLayer_RejectedAndScratchRemoved()
    {
        var image = Image(new LayerBuilder().File("ok", "x").Hardlink("stolen", "../../../../etc/shadow"));

        var error = await Assert.ThrowsAsync<ImagesException>(() => _artifacts.AcquireVolumeAsync("vm-a", image, 64, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.PathEscapesRoot, error.Code);
        Assert.Empty(Directory.GetFileSystemEntries(_cache.WorkDirectory));
        Assert.Empty(await _cache.ListAsync(CancellationToken.None));
    }

    private LayeredImage Image(params LayerBuilder[] layers) =>
        new("registry.test/node:1", "sha256:" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            [.. layers.Select(l => l.Save(_directory.Combine("blobs")))]);
}
