using LiquidMetal.Agent.Linux.Images;
using LiquidMetal.Agent.Linux.Tests.TestSupport;
using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.Tests.Images;

/// <summary>A real images directory with files, directories and symlinks, next to an "outside" directory.</summary>
public sealed class FileImageSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _images;
    private readonly string _outside;
    private readonly FileImageSource _source;

    public FileImageSourceTests()
    {
        _images = Directory.CreateDirectory(_dir.Combine("images")).FullName;
        _outside = Directory.CreateDirectory(_dir.Combine("outside")).FullName;
        Directory.CreateDirectory(Path.Combine(_images, "kernels", "6.1"));
        File.WriteAllText(Path.Combine(_images, "kernels", "6.1", "vmlinux"), "kernel");
        File.WriteAllText(Path.Combine(_images, "root.ext4"), "root");
        File.WriteAllText(Path.Combine(_outside, "secret"), "secret");
        _source = new FileImageSource(Options.Create(new FileImageOptions { ImagesDirectory = _images }));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ResolveAsync_RelativeFile_ReturnsPathAndFileSource()
    {
        var image = await _source.ResolveAsync("root.ext4", null, CancellationToken.None);

        Assert.Equal(Path.Combine(_images, "root.ext4"), image.Path);
        Assert.Equal("file://" + Path.Combine(_images, "root.ext4"), image.Source);
    }

    [Theory]
    [InlineData("kernels/6.1")]
    [InlineData("./kernels/6.1/")]
    [InlineData("kernels")]
    public async Task ResolveAsync_DirectoryWithFilename_ReturnsFileInside(string reference)
    {
        var filename = reference.StartsWith("kernels/", StringComparison.Ordinal) || reference.StartsWith("./", StringComparison.Ordinal) ? "vmlinux" : "6.1/vmlinux";

        var image = await _source.ResolveAsync(reference, filename, CancellationToken.None);

        Assert.Equal(Path.Combine(_images, "kernels", "6.1", "vmlinux"), image.Path);
    }

    [Fact]
    public async Task ResolveAsync_FileWithFilename_IgnoresFilename()
    {
        var image = await _source.ResolveAsync("kernels/6.1/vmlinux", "whatever", CancellationToken.None);

        Assert.Equal(Path.Combine(_images, "kernels", "6.1", "vmlinux"), image.Path);
    }

    [Fact]
    public async Task ResolveAsync_AbsolutePathAndFileUriInside_Resolve()
    {
        var path = Path.Combine(_images, "root.ext4");

        Assert.Equal(path, (await _source.ResolveAsync(path, null, CancellationToken.None)).Path);
        Assert.Equal(path, (await _source.ResolveAsync("file://" + path, null, CancellationToken.None)).Path);
        Assert.Equal(path, (await _source.ResolveAsync("file://localhost" + path, null, CancellationToken.None)).Path);
    }

    [Fact]
    public async Task ResolveAsync_DirectoryWithoutFilename_ThrowsImageException()
    {
        var ex = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("kernels/6.1", null, CancellationToken.None));

        Assert.Contains("names a directory", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside/secret")]
    [InlineData("kernels/../../outside/secret")]
    [InlineData("./../outside/secret")]
    public async Task ResolveAsync_DotDotOut_ThrowsEscapes(string reference)
    {
        var ex = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync(reference, null, CancellationToken.None));

        Assert.Contains("escapes the images directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_AbsolutePathElsewhere_ThrowsEscapes()
    {
        var secret = Path.Combine(_outside, "secret");

        var plain = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync(secret, null, CancellationToken.None));
        var uri = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("file://" + secret, null, CancellationToken.None));
        var climbing = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync(_images + "/../outside/secret", null, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("/etc/nonexistent-image", null, CancellationToken.None));

        Assert.All([plain, uri, climbing, missing], ex => Assert.Contains("escapes the images directory", ex.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_SymlinkPointingOut_ThrowsEscapes()
    {
        File.CreateSymbolicLink(Path.Combine(_images, "link-out"), Path.Combine(_outside, "secret"));
        File.CreateSymbolicLink(Path.Combine(_images, "relative-out"), "../outside/secret");
        Directory.CreateSymbolicLink(Path.Combine(_images, "dir-out"), _outside);

        var file = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("link-out", null, CancellationToken.None));
        var relative = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("relative-out", null, CancellationToken.None));
        var directory = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("dir-out", "secret", CancellationToken.None));
        var through = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("dir-out/secret", null, CancellationToken.None));

        Assert.All([file, relative, directory, through], ex => Assert.Contains("escapes the images directory", ex.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_SymlinkInside_ResolvesToItsTarget()
    {
        File.CreateSymbolicLink(Path.Combine(_images, "current"), "kernels/6.1/vmlinux");
        Directory.CreateSymbolicLink(Path.Combine(_images, "latest"), "kernels/6.1");

        Assert.Equal(Path.Combine(_images, "kernels", "6.1", "vmlinux"), (await _source.ResolveAsync("current", null, CancellationToken.None)).Path);
        Assert.Equal(Path.Combine(_images, "kernels", "6.1", "vmlinux"), (await _source.ResolveAsync("latest", "vmlinux", CancellationToken.None)).Path);
    }

    [Theory]
    [InlineData("../../../outside/secret")]
    [InlineData("/etc/passwd")]
    public async Task ResolveAsync_FilenameEscaping_ThrowsEscapes(string filename)
    {
        var ex = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("kernels/6.1", filename, CancellationToken.None));

        Assert.Contains("escapes the images directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ImagesDirectoryItself_IsADirectoryNeedingAFilename()
    {
        var image = await _source.ResolveAsync(".", "root.ext4", CancellationToken.None);

        Assert.Equal(Path.Combine(_images, "root.ext4"), image.Path);
    }

    [Fact]
    public async Task ResolveAsync_Missing_ThrowsNamingReferenceAndPath()
    {
        var ex = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("kernels/7.0/vmlinux", null, CancellationToken.None));
        var inDirectory = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("kernels/6.1", "bzImage", CancellationToken.None));

        Assert.Contains("'kernels/7.0/vmlinux' not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_images, "kernels/7.0/vmlinux"), ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_images, "kernels/6.1/bzImage"), inDirectory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_DanglingSymlink_ThrowsNotFound()
    {
        File.CreateSymbolicLink(Path.Combine(_images, "dangling"), "nothing-here");

        var ex = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("dangling", null, CancellationToken.None));

        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_Fifo_ThrowsNotARegularFile()
    {
        Shell.RunChecked("mkfifo", Path.Combine(_images, "pipe"));

        var ex = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("pipe", null, CancellationToken.None));

        Assert.Contains("not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ImagesDirectoryReachedThroughSymlink_Works()
    {
        var linked = _dir.Combine("images-link");
        Directory.CreateSymbolicLink(linked, _images);
        var source = new FileImageSource(Options.Create(new FileImageOptions { ImagesDirectory = linked }));

        var image = await source.ResolveAsync("root.ext4", null, CancellationToken.None);

        Assert.Equal(Path.Combine(_images, "root.ext4"), image.Path);
    }

    [Fact]
    public async Task ResolveAsync_InvalidReference_ThrowsImageException()
    {
        var ex = await Assert.ThrowsAsync<ImageException>(() => _source.ResolveAsync("file://host/x", null, CancellationToken.None));

        Assert.Contains("file:///", ex.Message, StringComparison.Ordinal);
    }
}
