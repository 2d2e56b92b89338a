using System.Text;
using LiquidMetal.Agent.Images.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Agent.Images.Tests;

/// <summary>Against real files: layers written by TarWriter and GNU tar, unpacked into a temporary root.</summary>
public sealed class LayerUnpackerTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly LayerUnpacker _unpacker = new(LayerLimits.Default, NullLogger<LayerUnpacker>.Instance);

    private string Blobs => _directory.Combine("blobs");

    private string Root => _directory.Combine("work", "root");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task UnpackAsync_TwoLayers_UpperLayerWinsAndLowerFilesStay()
    {
        var lower = new LayerBuilder().Directory("etc").File("etc/hostname", "lower").File("etc/keep", "kept").Save(Blobs);
        var upper = new LayerBuilder().File("etc/hostname", "upper").Save(Blobs);

        var result = await _unpacker.UnpackAsync([lower, upper], Root, CancellationToken.None);

        Assert.Equal("upper", File.ReadAllText(Path.Combine(Root, "etc/hostname")));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(Root, "etc/keep")));
        Assert.Equal(4, result.Entries);
        Assert.Equal(Path.GetFullPath(Root), result.RootDirectory);
        Assert.Equal(["root"], Directory.GetFileSystemEntries(_directory.Combine("work")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task UnpackAsync_Whiteout_RemovesFileAndDirectoryFromLowerLayers()
    {
        var lower = new LayerBuilder().File("etc/secret", "x").File("var/cache/a/b", "y").File("var/keep", "z").Save(Blobs);
        var upper = new LayerBuilder().Whiteout("etc/secret").Whiteout("var/cache").Save(Blobs);

        await _unpacker.UnpackAsync([lower, upper], Root, CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(Root, "etc/secret")));
        Assert.False(Directory.Exists(Path.Combine(Root, "var/cache")));
        Assert.True(File.Exists(Path.Combine(Root, "var/keep")));
        Assert.Empty(Directory.GetFiles(Root, ".wh.*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task UnpackAsync_WhiteoutThenRecreateInSameLayer_KeepsNewFile()
    {
        var lower = new LayerBuilder().File("app/config", "old").Save(Blobs);
        var upper = new LayerBuilder().Whiteout("app/config").File("app/config", "new").Save(Blobs);

        await _unpacker.UnpackAsync([lower, upper], Root, CancellationToken.None);

        Assert.Equal("new", File.ReadAllText(Path.Combine(Root, "app/config")));
    }

    [Fact]
    public async Task UnpackAsync_OpaqueDirectory_HidesLowerChildrenButKeepsSameLayerOnes()
    {
        var lower = new LayerBuilder().File("opt/old1", "1").File("opt/sub/old2", "2").File("other", "o").Save(Blobs);
        var upper = new LayerBuilder().File("opt/sub/new-before", "b").Opaque("opt").File("opt/new-after", "a").Save(Blobs);

        await _unpacker.UnpackAsync([lower, upper], Root, CancellationToken.None);

        var opt = Path.Combine(Root, "opt");
        Assert.Equal(["new-after", "sub", "sub/new-before"],
            Directory.GetFileSystemEntries(opt, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(opt, p)).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(Root, "other")));
    }

    [Fact]
    public async Task UnpackAsync_ModesOwnersTimesAndLinks_AreKept()
    {
        var modified = new DateTimeOffset(2021, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var layer = new LayerBuilder()
            .Directory("srv", (UnixFileMode)0b111_101_000, uid: 33, gid: 44)
            .File("srv/tool", "#!/bin/sh\n", (UnixFileMode)0b100_111_101_101, uid: 1000, gid: 2000, modified: modified)
            .Symlink("srv/link", "/srv/tool", uid: 7, gid: 8)
            .Hardlink("srv/hard", "srv/tool")
            .Save(Blobs);

        await _unpacker.UnpackAsync([layer], Root, CancellationToken.None);

        var tool = Path.Combine(Root, "srv/tool");
        Assert.Equal("4755 1000 2000 1612325106", await Tools.StatAsync("%a %u %g %Y", tool));
        Assert.Equal("750 33 44", await Tools.StatAsync("%a %u %g", Path.Combine(Root, "srv")));
        Assert.Equal("symbolic link 7 8 /srv/tool", $"{await Tools.StatAsync("%F %u %g", Path.Combine(Root, "srv/link"))} {new FileInfo(Path.Combine(Root, "srv/link")).LinkTarget}");
        Assert.Equal(await Tools.StatAsync("%i", tool), await Tools.StatAsync("%i", Path.Combine(Root, "srv/hard")));
        Assert.Equal("2", await Tools.StatAsync("%h", tool));
    }

    [Fact]
    public async Task UnpackAsync_DeviceNodesAndFifos_SkippedAndCounted()
    {
        var layer = new LayerBuilder().Directory("dev").CharacterDevice("dev/null").Fifo("dev/pipe").File("dev/regular", "r").Save(Blobs);

        var result = await _unpacker.UnpackAsync([layer], Root, CancellationToken.None);

        Assert.Equal(2, result.SkippedSpecialFiles);
        Assert.Equal(["regular"], Directory.GetFileSystemEntries(Path.Combine(Root, "dev")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(LayerCompression.None)]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public async Task UnpackAsync_EachCompression_Unpacks(LayerCompression compression)
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("liquid metal ", 10_000)));
        var layer = new LayerBuilder().File("data/blob", data).Save(Blobs, compression);

        await _unpacker.UnpackAsync([layer], Root, CancellationToken.None);

        Assert.Equal(data, File.ReadAllBytes(Path.Combine(Root, "data/blob")));
    }

    [Fact]
    public async Task UnpackAsync_GnuTarWithLongNamesAndHardlinks_Unpacks()
    {
        var source = _directory.Combine("source");
        var longDirectory = Path.Combine(source, new string('d', 120), new string('e', 90));
        Directory.CreateDirectory(longDirectory);
        File.WriteAllText(Path.Combine(longDirectory, "file.txt"), "deep");
        File.CreateSymbolicLink(Path.Combine(source, "short"), Path.Combine(new string('d', 120), new string('e', 90), "file.txt"));
        File.WriteAllText(Path.Combine(source, "original"), "same inode");
        await Tools.CheckAsync("ln", Path.Combine(source, "original"), Path.Combine(source, "linked"));
        var blob = _directory.Combine("gnu.tar.gz");
        await Tools.CheckAsync("tar", "--format=gnu", "-czf", blob, "-C", source, ".");
        var layer = LayerBuilder.Store(Blobs, File.ReadAllBytes(blob), LayerCompression.Gzip);

        await _unpacker.UnpackAsync([layer], Root, CancellationToken.None);

        Assert.Equal("deep", File.ReadAllText(Path.Combine(Root, "short")));
        Assert.Equal(await Tools.StatAsync("%i", Path.Combine(Root, "original")), await Tools.StatAsync("%i", Path.Combine(Root, "linked")));
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("a/../../escaped")]
    [InlineData("/tmp/escaped-absolute")]
    public async Task UnpackAsync_EntryEscapingRoot_RejectedAndNothingWritten(string name)
    {
        var layer = new LayerBuilder().File("fine", "ok").File(name, "evil").Save(Blobs);

        var error = await Assert.ThrowsAsync<ImagesException>(() => _unpacker.UnpackAsync([layer], Root, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.PathEscapesRoot, error.Code);
        Assert.Contains(layer.Digest, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("work", "escaped")));
        Assert.False(File.Exists(_directory.Combine("escaped")));
        Assert.False(File.Exists("/tmp/escaped-absolute"));
        AssertNothingLeft();
    }

    [Fact]
    public async Task UnpackAsync_SymlinkOutThenWriteThroughIt_StaysInsideRoot()
    {
        var outside = _directory.Combine("host-etc");
        Directory.CreateDirectory(outside);
        var relativeOut = Path.GetRelativePath(Path.Combine(Root, "a"), outside);
        var lower = new LayerBuilder().Symlink("x", outside).Directory("a").Symlink("a/y", relativeOut).Save(Blobs);
        var upper = new LayerBuilder().File("x/passwd", "pwned-absolute").File("a/y/shadow", "pwned-relative").Save(Blobs);

        await _unpacker.UnpackAsync([lower, upper], Root, CancellationToken.None);

        Assert.Empty(Directory.GetFileSystemEntries(outside));
        // Resolved as a chroot would: the absolute target lands under the root, '..' stops at the root.
        Assert.Equal("pwned-absolute", File.ReadAllText(Path.Combine(Root, outside.TrimStart('/'), "passwd")));
        Assert.Equal("pwned-relative", File.ReadAllText(Path.Combine(Root, "host-etc", "shadow")));
    }

    [Fact]
    public async Task UnpackAsync_SymlinkToHostEtc_HostUntouched()
    {
        var before = File.GetLastWriteTimeUtc("/etc/passwd");
        var layer = new LayerBuilder().Symlink("x", "/etc").File("x/passwd", "root::0:0::/:/bin/sh").Save(Blobs);

        await _unpacker.UnpackAsync([layer], Root, CancellationToken.None);

        Assert.Equal(before, File.GetLastWriteTimeUtc("/etc/passwd"));
        Assert.DoesNotContain("root::0:0::/:/bin/sh", File.ReadAllText("/etc/passwd"), StringComparison.Ordinal);
        Assert.Equal("root::0:0::/:/bin/sh", File.ReadAllText(Path.Combine(Root, "etc/passwd")));
    }

    [Theory]
    [InlineData("../outside-file")]
    [InlineData("/etc/passwd")]
    public async Task UnpackAsync_HardlinkOutOfRoot_RejectedAndHostFileNotLinked(string target)
    {
        var outsideFile = _directory.Combine("work", "outside-file");
        Directory.CreateDirectory(Path.GetDirectoryName(outsideFile)!);
        File.WriteAllText(outsideFile, "host");
        var layer = new LayerBuilder().Hardlink("stolen", target).Save(Blobs);

        var error = await Assert.ThrowsAsync<ImagesException>(() => _unpacker.UnpackAsync([layer], Root, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.PathEscapesRoot, error.Code);
        Assert.Equal("1", await Tools.StatAsync("%h", outsideFile));
        Assert.Equal("1", await Tools.StatAsync("%h", "/etc/passwd"));
        Assert.False(Directory.Exists(Root));
    }

    [Fact]
    public async Task UnpackAsync_HardlinkThroughSymlinkToHost_DoesNotLinkHostFile()
    {
        var outside = _directory.Combine("host");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret"), "host");
        var layer = new LayerBuilder().Symlink("out", outside).Hardlink("stolen", "out/secret").Save(Blobs);

        var error = await Assert.ThrowsAsync<ImagesException>(() => _unpacker.UnpackAsync([layer], Root, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.MalformedLayer, error.Code);
        Assert.Contains("does not exist in the image", error.Message, StringComparison.Ordinal);
        Assert.Equal("1", await Tools.StatAsync("%h", Path.Combine(outside, "secret")));
        AssertNothingLeft();
    }

    [Fact]
    public async Task UnpackAsync_TooManyEntries_LimitExceededAndPartialOutputRemoved()
    {
        var builder = new LayerBuilder();
        for (var i = 0; i < 50; i++)
        {
            builder.File($"f{i}", "x");
        }

        var unpacker = new LayerUnpacker(new LayerLimits { MaxEntries = 20 }, NullLogger<LayerUnpacker>.Instance);

        var error = await Assert.ThrowsAsync<ImagesException>(() => unpacker.UnpackAsync([builder.Save(Blobs)], Root, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.LimitExceeded, error.Code);
        Assert.Contains("more than 20 entries", error.Message, StringComparison.Ordinal);
        AssertNothingLeft();
    }

    [Fact]
    public async Task UnpackAsync_FileOverSingleFileLimit_LimitExceeded()
    {
        var layer = new LayerBuilder().File("small", new byte[100]).File("big", new byte[5000]).Save(Blobs);
        var unpacker = new LayerUnpacker(new LayerLimits { MaxFileBytes = 4096 }, NullLogger<LayerUnpacker>.Instance);

        var error = await Assert.ThrowsAsync<ImagesException>(() => unpacker.UnpackAsync([layer], Root, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.LimitExceeded, error.Code);
        Assert.Contains("'big'", error.Message, StringComparison.Ordinal);
        AssertNothingLeft();
    }

    [Fact]
    public async Task UnpackAsync_GzipBombOverTotalLimit_LimitExceededBeforeWritingIt()
    {
        // 64 MiB of zeros compresses to ~64 KiB: the limit must be judged on what it expands to.
        var bomb = new LayerBuilder().File("zeros1", new byte[32 << 20]).File("zeros2", new byte[32 << 20]).Save(Blobs);
        var unpacker = new LayerUnpacker(new LayerLimits { MaxTotalBytes = 40 << 20 }, NullLogger<LayerUnpacker>.Instance);

        var error = await Assert.ThrowsAsync<ImagesException>(() => unpacker.UnpackAsync([bomb], Root, CancellationToken.None));

        Assert.True(new FileInfo(bomb.BlobPath).Length < 1 << 20);
        Assert.Equal(ImagesErrorCode.LimitExceeded, error.Code);
        AssertNothingLeft();
    }

    [Fact]
    public async Task UnpackAsync_UnknownMediaType_UnsupportedMediaTypeNamingTheLayer()
    {
        var layer = new LayerBuilder().File("a", "b").Save(Blobs) with { MediaType = "application/vnd.oci.image.layer.v1.tar+lz4" };

        var error = await Assert.ThrowsAsync<ImagesException>(() => _unpacker.UnpackAsync([layer], Root, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.UnsupportedMediaType, error.Code);
        Assert.Contains("tar+lz4", error.Message, StringComparison.Ordinal);
        AssertNothingLeft();
    }

    [Fact]
    public async Task UnpackAsync_CorruptGzip_MalformedLayer()
    {
        var good = LayerBuilder.Compress(new LayerBuilder().File("a", new byte[100_000]).TarBytes(), LayerCompression.Gzip);
        var corrupt = good[..(good.Length / 2)].Concat(new byte[64]).ToArray();
        var layer = LayerBuilder.Store(Blobs, corrupt, LayerCompression.Gzip);

        var error = await Assert.ThrowsAsync<ImagesException>(() => _unpacker.UnpackAsync([layer], Root, CancellationToken.None));

        Assert.Equal(ImagesErrorCode.MalformedLayer, error.Code);
        AssertNothingLeft();
    }

    [Fact]
    public async Task UnpackAsync_FileWhereLowerLayerHasSymlinkToHost_ReplacesTheLinkNotTheHostFile()
    {
        var hostFile = _directory.Combine("host-file");
        File.WriteAllText(hostFile, "host");
        var lower = new LayerBuilder().Symlink("config", hostFile).Save(Blobs);
        var upper = new LayerBuilder().File("config", "image").Save(Blobs);

        await _unpacker.UnpackAsync([lower, upper], Root, CancellationToken.None);

        Assert.Equal("host", File.ReadAllText(hostFile));
        Assert.Null(new FileInfo(Path.Combine(Root, "config")).LinkTarget);
        Assert.Equal("image", File.ReadAllText(Path.Combine(Root, "config")));
    }

    [Fact]
    public async Task UnpackAsync_Cancelled_LeavesNothing()
    {
        var layer = new LayerBuilder().File("a", new byte[1 << 20]).Save(Blobs);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _unpacker.UnpackAsync([layer], Root, cancelled.Token));

        AssertNothingLeft();
    }

    private void AssertNothingLeft()
    {
        Assert.False(Directory.Exists(Root));
        var work = _directory.Combine("work");
        Assert.True(!Directory.Exists(work) || Directory.GetFileSystemEntries(work).All(p => Path.GetFileName(p) == "outside-file"),
            "the temporary directory was left behind");
    }
}
