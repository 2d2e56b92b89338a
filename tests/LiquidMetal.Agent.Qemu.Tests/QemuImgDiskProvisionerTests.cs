using System.Security.Cryptography;
using System.Text.Json;
using LiquidMetal.Agent.Qemu.Tests.Harness;
using LiquidMetal.Core.Ports;
using Xunit.Abstractions;

namespace LiquidMetal.Agent.Qemu.Tests;

/// <summary>Against the real qemu-img and qemu-io.</summary>
public sealed class QemuImgDiskProvisionerTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly string _directory = Directory.CreateTempSubdirectory("lmqimg-").FullName;
    private readonly QemuImgDiskProvisioner _provisioner = new(
        Microsoft.Extensions.Options.Options.Create(new QemuOptions()), new TestOutputLogger<QemuImgDiskProvisioner>(output));

    [Theory]
    [InlineData(false)] // probed: qemu-img info + qemu-img create
    [InlineData(true)]  // known raw base: the header is written in-process
    public async Task EnsureWritableDiskAsync_RawBase_CreatesSmallQcow2OverlayBackedByIt(bool knownRaw)
    {
        var basePath = await CreateRawBaseAsync("base.img", 16);
        var target = Path.Combine(_directory, "vm", "volume-root.qcow2");

        var format = await _provisioner.EnsureWritableDiskAsync(basePath, knownRaw ? DiskFormat.Raw : null, target, null, CancellationToken.None);

        Assert.Equal(DiskFormat.Qcow2, format);
        var info = await InfoAsync(target);
        Assert.Equal("qcow2", info.GetProperty("format").GetString());
        Assert.Equal(basePath, info.GetProperty("backing-filename").GetString());
        Assert.Equal("raw", info.GetProperty("backing-filename-format").GetString());
        Assert.Equal(16 * MiB, info.GetProperty("virtual-size").GetInt64());
        Assert.InRange(new FileInfo(target).Length, 1, 1 * MiB);
        Assert.Equal([target], Directory.GetFiles(Path.GetDirectoryName(target)!));
        var check = await RunAsync("qemu-img", "check", "-U", target);
        Assert.Contains("No errors were found", check.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EnsureWritableDiskAsync_FreshOverlay_ReadsTheBase(bool knownRaw)
    {
        var basePath = await CreateRawBaseAsync("base.img", 16);
        var target = Path.Combine(_directory, "fresh.qcow2");
        await _provisioner.EnsureWritableDiskAsync(basePath, knownRaw ? DiskFormat.Raw : null, target, 24, CancellationToken.None);

        var through = Path.Combine(_directory, "through.raw");
        await RunAsync("qemu-img", "convert", "-U", "-O", "raw", target, through);

        var expected = new byte[24 * MiB];
        File.ReadAllBytes(basePath).CopyTo(expected, 0);
        Assert.Equal(SHA256.HashData(expected), SHA256.HashData(File.ReadAllBytes(through)));
    }

    [Theory]
    [InlineData(false)] // probed: qemu-img info + qemu-img create
    [InlineData(true)]  // known raw base: the header is written in-process
    public async Task EnsureWritableDiskAsync_WritesToOverlay_LeaveBaseUnchanged(bool knownRaw)
    {
        var basePath = await CreateRawBaseAsync("base.img", 16);
        var baseHash = Hash(basePath);
        var target = Path.Combine(_directory, "overlay.qcow2");
        await _provisioner.EnsureWritableDiskAsync(basePath, knownRaw ? DiskFormat.Raw : null, target, null, CancellationToken.None);

        await RunAsync("qemu-io", "-f", "qcow2", "-c", "write -P 0xab 0 2M", target);
        var readBack = await RunAsync("qemu-io", "-f", "qcow2", "-c", "read -P 0xab 0 2M", target);

        Assert.DoesNotContain("Pattern verification failed", readBack.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(baseHash, Hash(basePath));
        Assert.InRange(new FileInfo(target).Length, 2 * MiB, 3 * MiB);
    }

    [Theory]
    [InlineData(false)] // probed: qemu-img info + qemu-img create
    [InlineData(true)]  // known raw base: the header is written in-process
    public async Task EnsureWritableDiskAsync_LargerSize_GrowsTheDisk(bool knownRaw)
    {
        var basePath = await CreateRawBaseAsync("base.img", 16);
        var target = Path.Combine(_directory, "grown.qcow2");

        await _provisioner.EnsureWritableDiskAsync(basePath, knownRaw ? DiskFormat.Raw : null, target, 64, CancellationToken.None);

        Assert.Equal(64 * MiB, (await InfoAsync(target)).GetProperty("virtual-size").GetInt64());
        Assert.InRange(new FileInfo(target).Length, 1, 1 * MiB);
    }

    [Fact]
    public async Task EnsureWritableDiskAsync_SmallerSize_KeepsTheBaseSize()
    {
        var basePath = await CreateRawBaseAsync("base.img", 16);
        var target = Path.Combine(_directory, "kept.qcow2");

        await _provisioner.EnsureWritableDiskAsync(basePath, null, target, 8, CancellationToken.None);

        Assert.Equal(16 * MiB, (await InfoAsync(target)).GetProperty("virtual-size").GetInt64());
    }

    [Fact]
    public async Task EnsureWritableDiskAsync_TargetExists_LeavesItAlone()
    {
        var basePath = await CreateRawBaseAsync("base.img", 16);
        var target = Path.Combine(_directory, "existing.qcow2");
        await _provisioner.EnsureWritableDiskAsync(basePath, null, target, null, CancellationToken.None);
        await RunAsync("qemu-io", "-f", "qcow2", "-c", "write -P 0xcd 0 64k", target);
        var before = Hash(target);

        var format = await _provisioner.EnsureWritableDiskAsync(basePath, null, target, 64, CancellationToken.None);

        Assert.Equal(DiskFormat.Qcow2, format);
        Assert.Equal(before, Hash(target));
    }

    [Fact]
    public async Task EnsureWritableDiskAsync_Qcow2Base_IsUsedAsQcow2()
    {
        var basePath = Path.Combine(_directory, "base.qcow2");
        await RunAsync("qemu-img", "create", "-q", "-f", "qcow2", basePath, "32M");
        var target = Path.Combine(_directory, "on-qcow2.qcow2");

        await _provisioner.EnsureWritableDiskAsync(basePath, null, target, null, CancellationToken.None);

        var info = await InfoAsync(target);
        Assert.Equal("qcow2", info.GetProperty("backing-filename-format").GetString());
        Assert.Equal(32 * MiB, info.GetProperty("virtual-size").GetInt64());
    }

    [Fact]
    public async Task EnsureWritableDiskAsync_BaseIsAnOverlay_ThrowsImageException()
    {
        var basePath = await CreateRawBaseAsync("base.img", 16);
        var overlay = Path.Combine(_directory, "overlay.qcow2");
        await RunAsync("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", basePath, overlay);

        var ex = await Assert.ThrowsAsync<ImageException>(() =>
            _provisioner.EnsureWritableDiskAsync(overlay, null, Path.Combine(_directory, "t.qcow2"), null, CancellationToken.None));

        Assert.Contains("backing file", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "t.qcow2")));
    }

    [Fact]
    public async Task EnsureWritableDiskAsync_MissingBase_ThrowsImageException()
    {
        await Assert.ThrowsAsync<ImageException>(() =>
            _provisioner.EnsureWritableDiskAsync(Path.Combine(_directory, "none.img"), null, Path.Combine(_directory, "t.qcow2"), null, CancellationToken.None));
    }

    [Fact]
    public async Task EnsureWritableDiskAsync_PathsWithCommasAndSpaces_Work()
    {
        var basePath = await CreateRawBaseAsync("base, with comma.img", 16);
        var target = Path.Combine(_directory, "a,b c", "volume,root.qcow2");

        await _provisioner.EnsureWritableDiskAsync(basePath, null, target, null, CancellationToken.None);

        Assert.Equal(basePath, (await InfoAsync(target)).GetProperty("backing-filename").GetString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> CreateRawBaseAsync(string name, int sizeMiB)
    {
        var path = Path.Combine(_directory, name);
        var data = new byte[sizeMiB * MiB];
        Random.Shared.NextBytes(data.AsSpan(0, (int)MiB));
        await File.WriteAllBytesAsync(path, data);
        return path;
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static async Task<JsonElement> InfoAsync(string path)
    {
        var result = await RunAsync("qemu-img", "info", "-U", "--output=json", path);
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.Clone();
    }

    private static async Task<ToolResult> RunAsync(params string[] argv)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await ToolRunner.RunAsync(argv, TimeSpan.FromSeconds(60), cts.Token);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', argv)} failed: {result.StandardError}");
        return result;
    }
}
