using System.Security.Cryptography;
using LiquidMetal.Agent.Images.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Agent.Images.Tests;

/// <summary>Against the real mkfs.ext4, checked with e2fsck, debugfs and dumpe2fs (no mounts).</summary>
public sealed class Ext4VolumeBuilderTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly TestDirectory _directory = new();
    private readonly Ext4VolumeBuilder _builder = new(new Ext4VolumeOptions(), NullLogger<Ext4VolumeBuilder>.Instance);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task BuildAsync_UnpackedImage_ContentModesAndOwnersSurviveAndFsckIsClean()
    {
        var root = await UnpackAsync(new LayerBuilder()
            .Directory("srv", (UnixFileMode)0b111_101_000, uid: 33, gid: 44)
            .File("srv/tool", "#!/bin/sh\necho hi\n", (UnixFileMode)0b100_111_101_101, uid: 1000, gid: 2000)
            .File("srv/private", "secret", (UnixFileMode)0b110_000_000, uid: 65534, gid: 65534)
            .Symlink("srv/link", "/srv/tool")
            .Hardlink("srv/hard", "srv/tool"));
        var image = _directory.Combine("out", "root.ext4");

        var volume = await _builder.BuildAsync(root, image, 128, Digest, CancellationToken.None);

        var (fsck, fsckOutput, fsckErrors) = await Tools.RunAsync("e2fsck", "-fn", image);
        Assert.True(fsck == 0, fsckOutput + fsckErrors);
        var listing = await Tools.CheckAsync("debugfs", "-R", "ls -l /srv", image);
        Assert.Matches(@"\b104755\s+\(1\)\s+1000\s+2000\s+18\s.*\btool\b", listing);
        Assert.Matches(@"\b100600\s+\(1\)\s+65534\s+65534\s+6\s.*\bprivate\b", listing);
        Assert.Matches(@"\b120777\s+\(7\)\s+0\s+0\s+9\s.*\blink\b", listing);
        Assert.Matches(@"\b40750\s+\(2\)\s+33\s+44\s.*\s\.\s*$", listing.Split('\n').First(l => l.TrimEnd().EndsWith(" .", StringComparison.Ordinal)));
        Assert.Equal("#!/bin/sh\necho hi\n", await Tools.CheckAsync("debugfs", "-R", "cat /srv/hard", image));
        Assert.Contains("Links: 2", await Tools.CheckAsync("debugfs", "-R", "stat /srv/tool", image), StringComparison.Ordinal);
        Assert.Equal(128 * MiB, volume.SizeBytes);
        Assert.Equal(128 * MiB, new FileInfo(image).Length);
        Assert.InRange(volume.AllocatedBytes, 1, 32 * MiB);
        Assert.Equal(["root.ext4"], Directory.GetFileSystemEntries(_directory.Combine("out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task BuildAsync_ContentLargerThanRequested_SizedFromContentWithHeadroom()
    {
        var root = await UnpackAsync(new LayerBuilder().File("data/random", RandomNumberGenerator.GetBytes(40 << 20)));

        var volume = await _builder.BuildAsync(root, _directory.Combine("big.ext4"), 16, Digest, CancellationToken.None);

        // 40 MiB × 1.25 + 64 MiB slack = 114 MiB (plus a few blocks for directories).
        Assert.Equal(115 * MiB, volume.SizeBytes);
        Assert.Equal(volume.SizeBytes, new FileInfo(volume.Path).Length);
        Assert.Equal(0, (await Tools.RunAsync("e2fsck", "-fn", volume.Path)).ExitCode);
        var dumped = _directory.Combine("dumped");
        await Tools.CheckAsync("debugfs", "-R", $"dump /data/random {dumped}", volume.Path);
        Assert.Equal(File.ReadAllBytes(Path.Combine(root, "data/random")), File.ReadAllBytes(dumped));
    }

    [Fact]
    public async Task BuildAsync_SameDigestTwice_SameUuidDerivedFromDigest()
    {
        var root = await UnpackAsync(new LayerBuilder().File("a", "b"));

        var first = await _builder.BuildAsync(root, _directory.Combine("1.ext4"), 32, Digest, CancellationToken.None);
        var second = await _builder.BuildAsync(root, _directory.Combine("2.ext4"), 32, Digest, CancellationToken.None);
        var other = await _builder.BuildAsync(root, _directory.Combine("3.ext4"), 32, Digest.Replace('0', 'f'), CancellationToken.None);

        Assert.Equal(first.Uuid, second.Uuid);
        Assert.NotEqual(first.Uuid, other.Uuid);
        Assert.Contains($"Filesystem UUID:          {first.Uuid}", await Tools.CheckAsync("dumpe2fs", "-h", first.Path), StringComparison.Ordinal);
        Assert.Contains("Filesystem created:       Sat Jan  1 00:00:00 2000", await Tools.CheckAsync("dumpe2fs", "-h", second.Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_MkfsFails_ToolFailedAndNothingLeft()
    {
        var root = await UnpackAsync(new LayerBuilder().File("a", "b"));
        var failing = new Ext4VolumeBuilder(new Ext4VolumeOptions { MkfsPath = "/bin/false" }, NullLogger<Ext4VolumeBuilder>.Instance);
        var target = _directory.Combine("out", "x.ext4");

        var error = await Assert.ThrowsAsync<ImagesException>(() => failing.BuildAsync(root, target, 32, Digest, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.ToolFailed, error.Code);
        Assert.False(error.IsPermanent);
        Assert.Empty(Directory.GetFileSystemEntries(_directory.Combine("out")));
    }

    [Fact]
    public async Task BuildAsync_MkfsMissing_ToolNotInstalled()
    {
        var root = await UnpackAsync(new LayerBuilder().File("a", "b"));
        var missing = new Ext4VolumeBuilder(new Ext4VolumeOptions { MkfsPath = "/nonexistent/mkfs.ext4" }, NullLogger<Ext4VolumeBuilder>.Instance);

        var error = await Assert.ThrowsAsync<ImagesException>(() => missing.BuildAsync(root, _directory.Combine("x.ext4"), 32, Digest, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.ToolNotInstalled, error.Code);
    }

    private async Task<string> UnpackAsync(LayerBuilder layer)
    {
        var root = _directory.Combine("root");
        var unpacker = new LayerUnpacker(LayerLimits.Default, NullLogger<LayerUnpacker>.Instance);
        await unpacker.UnpackAsync([layer.Save(_directory.Combine("blobs"))], root, CancellationToken.None);
        return root;
    }
}
