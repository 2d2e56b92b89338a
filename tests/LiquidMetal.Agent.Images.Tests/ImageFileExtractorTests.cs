using LiquidMetal.Agent.Images.Tests.Harness;

namespace LiquidMetal.Agent.Images.Tests;

public sealed class ImageFileExtractorTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly ImageFileExtractor _extractor = new(LayerLimits.Default);

    private string Blobs => _directory.Combine("blobs");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ExtractAsync_KernelInLowerLayer_FoundThroughUpperLayers()
    {
        var image = Image(
            new LayerBuilder().File("boot/vmlinuz", "kernel-v1").File("boot/initrd.img", "initrd"),
            new LayerBuilder().File("etc/motd", "hello"),
            new LayerBuilder().File("usr/bin/tool", "tool"));
        var destination = _directory.Combine("out", "vmlinuz");

        var extracted = await _extractor.ExtractAsync(image, "boot/vmlinuz", destination, CancellationToken.None);

        Assert.Equal("kernel-v1", File.ReadAllText(destination));
        Assert.Equal(image.Layers[0].Digest, extracted.LayerDigest);
        Assert.Equal(9, extracted.Size);
        Assert.Equal(["vmlinuz"], Directory.GetFileSystemEntries(_directory.Combine("out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ExtractAsync_UpperLayerReplacesFile_UpperCopyWins()
    {
        var image = Image(new LayerBuilder().File("boot/vmlinuz", "old"), new LayerBuilder().File("boot/vmlinuz", "new"));

        var extracted = await _extractor.ExtractAsync(image, "/boot/vmlinuz", _directory.Combine("k"), CancellationToken.None);

        Assert.Equal("new", File.ReadAllText(_directory.Combine("k")));
        Assert.Equal(image.Layers[1].Digest, extracted.LayerDigest);
    }

    [Fact]
    public async Task ExtractAsync_SymlinkedKernel_FollowedInsideImage()
    {
        var image = Image(
            new LayerBuilder().File("boot/vmlinuz-6.1.0-18-amd64", "real-kernel").Symlink("vmlinuz", "/boot/vmlinuz-6.1.0-18-amd64"),
            new LayerBuilder().Symlink("kernels", "boot").Symlink("boot/current", "../vmlinuz"));

        var extracted = await _extractor.ExtractAsync(image, "kernels/current", _directory.Combine("k"), CancellationToken.None);

        Assert.Equal("real-kernel", File.ReadAllText(_directory.Combine("k")));
        Assert.Equal("boot/vmlinuz-6.1.0-18-amd64", extracted.ImagePath);
    }

    [Fact]
    public async Task ExtractAsync_FileHiddenByWhiteout_FileNotFoundNamingImageAndPath()
    {
        var image = Image(new LayerBuilder().File("boot/vmlinuz", "k"), new LayerBuilder().Whiteout("boot/vmlinuz"));

        var error = await Assert.ThrowsAsync<ImagesException>(() => _extractor.ExtractAsync(image, "boot/vmlinuz", _directory.Combine("k"), CancellationToken.None));

        Assert.Equal(ImagesErrorCode.FileNotFound, error.Code);
        Assert.Contains("registry.test/kernel:6.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("'boot/vmlinuz'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("k")));
    }

    [Fact]
    public async Task ExtractAsync_FileHiddenByOpaqueDirectoryAbove_FileNotFound()
    {
        var image = Image(new LayerBuilder().File("boot/vmlinuz", "k"), new LayerBuilder().Opaque("boot").File("boot/config", "c"));

        var error = await Assert.ThrowsAsync<ImagesException>(() => _extractor.ExtractAsync(image, "boot/vmlinuz", _directory.Combine("k"), CancellationToken.None));

        Assert.Equal(ImagesErrorCode.FileNotFound, error.Code);
    }

    [Fact]
    public async Task ExtractAsync_MissingPath_FileNotFound()
    {
        var image = Image(new LayerBuilder().File("boot/vmlinuz", "k"));

        var error = await Assert.ThrowsAsync<ImagesException>(() => _extractor.ExtractAsync(image, "boot/initrd.img", _directory.Combine("i"), CancellationToken.None));

        Assert.Equal(ImagesErrorCode.FileNotFound, error.Code);
        Assert.Contains("'boot/initrd.img'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_PathIsDirectory_NotARegularFile()
    {
        var image = Image(new LayerBuilder().File("boot/vmlinuz", "k"));

        var error = await Assert.ThrowsAsync<ImagesException>(() => _extractor.ExtractAsync(image, "boot", _directory.Combine("b"), CancellationToken.None));

        Assert.Equal(ImagesErrorCode.NotARegularFile, error.Code);
    }

    [Fact]
    public async Task ExtractAsync_HardlinkedKernelWhoseFirstNameWasRemoved_StillExtracted()
    {
        var image = Image(
            new LayerBuilder().File("boot/vmlinuz-6.1", "kernel").Hardlink("vmlinuz", "boot/vmlinuz-6.1"),
            new LayerBuilder().Whiteout("boot/vmlinuz-6.1"));

        await _extractor.ExtractAsync(image, "vmlinuz", _directory.Combine("k"), CancellationToken.None);

        Assert.Equal("kernel", File.ReadAllText(_directory.Combine("k")));
    }

    [Fact]
    public async Task ExtractAsync_LayerWithTraversal_RejectedEvenIfFileIsElsewhere()
    {
        var image = Image(new LayerBuilder().File("boot/vmlinuz", "k").File("../../evil", "x"));

        var error = await Assert.ThrowsAsync<ImagesException>(() => _extractor.ExtractAsync(image, "boot/vmlinuz", _directory.Combine("k"), CancellationToken.None));

        Assert.Equal(ImagesErrorCode.PathEscapesRoot, error.Code);
    }

    private LayeredImage Image(params LayerBuilder[] layers) =>
        new("registry.test/kernel:6.1", "sha256:" + new string('a', 64), [.. layers.Select(l => l.Save(Blobs))]);
}
