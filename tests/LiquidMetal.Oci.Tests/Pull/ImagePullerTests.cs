using System.Collections.Concurrent;
using System.Security.Cryptography;
using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.Pull;
using LiquidMetal.Oci.References;
using LiquidMetal.Oci.Tests.Infrastructure;

namespace LiquidMetal.Oci.Tests.Pull;

[Collection(RegistryTests.Name)]
public sealed class ImagePullerTests(RegistryFixture fixture)
{
    [Fact]
    public async Task PullAsync_Tag_StoresManifestConfigAndLayersAndReportsImage()
    {
        using var scope = new StoreScope(RegistryFixture.FastOptions(fixture.Registry.Host));

        var image = await scope.Puller.PullAsync($"{fixture.Registry.Host}/test/small:v1", null, CancellationToken.None);

        Assert.Equal(MediaTypes.OciManifest, image.MediaType);
        Assert.Null(image.IndexDigest);
        Assert.Equal(fixture.Small.Config!.Digest, image.ConfigDigest);
        Assert.Equal(new Platform("linux", "amd64"), image.Config.Platform);
        Assert.Equal(["/init"], image.Config.Entrypoint);
        Assert.Equal(2, image.Config.DiffIds.Count);
        Assert.Equal(fixture.Small.Layers.Select(l => (l.MediaType, l.Digest, l.Size)), image.Layers.Select(l => (l.MediaType, l.Digest, l.Size)));
        foreach (var layer in image.Layers)
        {
            Assert.Equal(fixture.Small.Blobs[layer.Digest], await File.ReadAllBytesAsync(layer.Path));
            Assert.Equal(scope.Store.PathOf(layer.Digest), layer.Path);
        }

        Assert.True(scope.Store.Exists(image.ManifestDigest));
        Assert.True(scope.Store.Exists(image.ConfigDigest));
        Assert.Equal(image.ManifestDigest, image.Reference.Digest);
    }

    [Fact]
    public async Task PullAsync_Index_StoresIndexAndPicksAmd64()
    {
        using var scope = new StoreScope(RegistryFixture.FastOptions(fixture.Registry.Host));

        var image = await scope.Puller.PullAsync($"{fixture.Registry.Host}/test/multi:v1", null, CancellationToken.None);

        Assert.Equal(fixture.Multi.Top.Digest, image.IndexDigest);
        Assert.Equal(fixture.Amd64.Top.Digest, image.ManifestDigest);
        Assert.Equal("amd64", image.Config.Platform.Architecture);
        Assert.True(scope.Store.Exists(fixture.Multi.Top.Digest));
        Assert.False(scope.Store.Exists(fixture.Arm64.Layers[0].Digest));
    }

    [Fact]
    public async Task FindLocalAsync_AfterPullWithRegistryGone_ResolvesTagOffline()
    {
        await using var registry = await fixture.StartRegistryAsync(s => s);
        using var scope = new StoreScope(RegistryFixture.FastOptions(registry.Host));
        var reference = ImageReference.Parse($"{registry.Host}/test/multi:v1");
        var pulled = await scope.Puller.PullAsync(reference, null, CancellationToken.None);
        await registry.KillAsync();

        var local = await scope.Puller.FindLocalAsync(reference, CancellationToken.None);
        var reopened = new ImagePuller(scope.Client, BlobStore.Open(scope.Root));
        var afterRestart = await reopened.FindLocalAsync(reference, CancellationToken.None);

        Assert.NotNull(local);
        Assert.Equal(pulled.ManifestDigest, local.ManifestDigest);
        Assert.Equal(pulled.Layers, local.Layers);
        Assert.Equal(pulled.ManifestDigest, afterRestart?.ManifestDigest);
        Assert.Null(await scope.Puller.FindLocalAsync(ImageReference.Parse($"{registry.Host}/test/multi:other"), CancellationToken.None));
    }

    [Fact]
    public async Task PullAsync_Twice_SecondPullDownloadsNoLayerAndReportsCached()
    {
        await using var proxy = await FaultProxy.StartAsync(fixture.Registry.Host);
        using var scope = new StoreScope(RegistryFixture.FastOptions(proxy.Host));
        await scope.Puller.PullAsync($"{proxy.Host}/test/small:v1", null, CancellationToken.None);
        var blobRequests = proxy.Count("/blobs/");
        var reports = new ConcurrentBag<PullProgress>();

        await scope.Puller.PullAsync($"{proxy.Host}/test/small:v1", new SyncProgress<PullProgress>(reports.Add), CancellationToken.None);

        Assert.Equal(3, blobRequests);
        Assert.Equal(3, proxy.Count("/blobs/"));
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.True(r.Cached && r.Completed));
    }

    [Fact]
    public async Task PullAsync_ConcurrentPullsOfOneImage_DownloadEachBlobOnce()
    {
        await using var proxy = await FaultProxy.StartAsync(fixture.Registry.Host);
        using var scope = new StoreScope(RegistryFixture.FastOptions(proxy.Host));
        var other = new ImagePuller(scope.Client, scope.Store);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? scope.Puller : other).PullAsync($"{proxy.Host}/test/small:v1", null, CancellationToken.None)));

        foreach (var digest in fixture.Small.Layers.Select(l => l.Digest).Append(fixture.Small.Config!.Digest))
        {
            Assert.Equal(1, proxy.Count($"/blobs/{digest}"));
        }
    }

    [Fact]
    public async Task PullAsync_LargeLayer_ReportsMonotonicProgressToTotal()
    {
        var (registry, image, storage) = await PushToOwnRegistryAsync("test/progress", 8 * 1024 * 1024);
        await using var _ = registry;
        using var __ = storage;
        using var scope = new StoreScope(RegistryFixture.FastOptions(registry.Host));
        var reports = new List<PullProgress>();

        await scope.Puller.PullAsync($"{registry.Host}/test/progress:v1", new SyncProgress<PullProgress>(reports.Add), CancellationToken.None);

        var layer = image.Layers[0];
        var bytes = reports.Where(r => r.Layer == layer.Digest).Select(r => r.BytesDone).ToList();
        Assert.True(bytes.Count >= 4, $"only {bytes.Count} reports");
        Assert.Equal(bytes.Order(), bytes);
        Assert.Equal(layer.Size, bytes[^1]);
        Assert.All(reports, r => Assert.Equal(layer.Size, r.BytesTotal));
    }

    [Fact]
    public async Task PullAsync_RegistryKilledAndRestartedMidBlob_CompletesWithVerifiedBlob()
    {
        var (registry, image, storage) = await PushToOwnRegistryAsync("test/big", 64 * 1024 * 1024);
        await using var _ = registry;
        using var __ = storage;
        var options = RegistryFixture.FastOptions(registry.Host);
        options.MaxAttempts = 8;
        options.InitialBackoff = TimeSpan.FromMilliseconds(100);
        options.MaxBackoff = TimeSpan.FromMilliseconds(800);
        using var scope = new StoreScope(options);
        var layer = image.Layers[0];
        var killed = 0;
        Task? restart = null;
        var progress = new SyncProgress<PullProgress>(p =>
        {
            if (p.BytesDone > 8 * 1024 * 1024 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                // Blocks the download until the registry is dead, so the rest of the blob cannot be in socket buffers.
                registry.KillAsync().GetAwaiter().GetResult();
                restart = Task.Run(async () =>
                {
                    await Task.Delay(300);
                    await registry.StartAgainAsync();
                });
            }
        });

        var pulled = await scope.Puller.PullAsync($"{registry.Host}/test/big:v1", progress, CancellationToken.None);
        await restart!;

        Assert.Equal(1, killed);
        await using (var stored = File.OpenRead(pulled.Layers[0].Path))
        {
            Assert.Equal(layer.Digest.Hex, Convert.ToHexStringLower(await SHA256.HashDataAsync(stored)));
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scope.Root, "tmp")));
    }

    [Fact]
    public async Task PullAsync_CorruptedBlobInRegistryStorage_DigestMismatchAndNothingStored()
    {
        var (registry, image, storage) = await PushToOwnRegistryAsync("test/corrupt", 64 * 1024);
        await using var _ = registry;
        using var __ = storage;
        var layer = image.Layers[0];
        var data = Path.Combine(storage.Path, "docker/registry/v2/blobs/sha256", layer.Digest.Hex[..2], layer.Digest.Hex, "data");
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(data, bytes);
        using var scope = new StoreScope(RegistryFixture.FastOptions(registry.Host));

        var error = await Assert.ThrowsAsync<OciException>(() => scope.Puller.PullAsync($"{registry.Host}/test/corrupt:v1", null, CancellationToken.None));

        Assert.Equal(OciErrorCode.DigestMismatch, error.Code);
        Assert.False(error.IsTransient);
        Assert.Contains(layer.Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", error.Message, StringComparison.Ordinal);
        Assert.False(scope.Store.Exists(layer.Digest));
        Assert.DoesNotContain(scope.Store.List(), b => b.Digest == layer.Digest);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scope.Root, "tmp")));
        Assert.Null(await scope.Puller.FindLocalAsync(ImageReference.Parse($"{registry.Host}/test/corrupt:v1"), CancellationToken.None));
    }

    /// <summary>A registry on its own storage holding one image whose single layer is <paramref name="size"/> random bytes.</summary>
    private static async Task<(RegistryServer Registry, TestImage Image, TempDirectory Storage)> PushToOwnRegistryAsync(string repository, int size)
    {
        var storage = new TempDirectory("lm-registry-storage");
        var registry = await RegistryServer.StartAsync(new RegistrySettings(storage.Path));
        var image = TestImage.CreateUncompressed("amd64", ("random.bin", RandomNumberGenerator.GetBytes(size)));
        await RegistryPusher.PushAsync(registry.Host, repository, "v1", image);
        return (registry, image, storage);
    }
}
