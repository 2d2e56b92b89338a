using System.Diagnostics;
using System.Security.Cryptography;
using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;
using LiquidMetal.Oci.Tests.Infrastructure;

namespace LiquidMetal.Oci.Tests.Content;

/// <summary>A blob store on a real, tiny filesystem (a 256 KiB tmpfs mounted by the test) that fills up mid-download.</summary>
public sealed class BlobStoreFullDiskTests : IDisposable
{
    private readonly TempDirectory _mount = new("lm-full");

    public BlobStoreFullDiskTests() => Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", _mount.Path);

    public void Dispose()
    {
        Run("umount", _mount.Path);
        _mount.Dispose();
    }

    [Fact]
    public async Task EnsureAsync_DiskFullMidway_StorageFailureNamingTheBlobAndNothingLeft()
    {
        var store = BlobStore.Open(_mount.Path);
        var content = RandomNumberGenerator.GetBytes(1024 * 1024);
        var descriptor = new Descriptor(MediaTypes.OciLayerTar, Digest.ComputeSha256(content), content.Length);

        var error = await Assert.ThrowsAsync<OciException>(() => store.EnsureAsync(descriptor, "registry r, repository p", async (sink, ct) =>
        {
            for (var offset = 0; offset < content.Length; offset += 64 * 1024)
            {
                await sink.WriteAsync(content.AsMemory(offset, 64 * 1024), ct);
            }
        }, null, CancellationToken.None));

        Assert.Equal(OciErrorCode.StorageFailure, error.Code);
        Assert.Contains(descriptor.Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("Free disk space", error.Message, StringComparison.Ordinal);
        Assert.False(store.Exists(descriptor.Digest));
        Assert.Empty(store.List());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_mount.Path, "tmp")));
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {stderr}");
        }
    }
}
