using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;
using LiquidMetal.Oci.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Oci.Pull;

/// <summary>
/// Pulls an image into a <see cref="BlobStore"/>: index (if any), manifest, config and layers, each verified; layers
/// already stored are not downloaded again, and concurrent pulls share downloads. Records tag → digest so
/// <see cref="FindLocalAsync"/> answers offline afterwards.
/// </summary>
public sealed partial class ImagePuller
{
    private const long ProgressStep = 1024 * 1024;
    private readonly OciRegistryClient _client;
    private readonly BlobStore _store;
    private readonly TagStore _tags;
    private readonly int _maxConcurrentLayers;
    private readonly ILogger _logger;

    /// <param name="maxConcurrentLayers">Layers downloaded at once (default 3).</param>
    public ImagePuller(OciRegistryClient client, BlobStore store, int maxConcurrentLayers = 3, ILogger<ImagePuller>? logger = null, TimeProvider? timeProvider = null)
    {
        _client = client;
        _store = store;
        _tags = new TagStore(store.Root, timeProvider);
        _maxConcurrentLayers = Math.Max(1, maxConcurrentLayers);
        _logger = logger ?? NullLogger<ImagePuller>.Instance;
    }

    /// <summary>Tags recorded by pulls into this store.</summary>
    public TagStore Tags => _tags;

    public Task<PulledImage> PullAsync(string reference, IProgress<PullProgress>? progress, CancellationToken cancellationToken) =>
        PullAsync(ImageReference.Parse(reference), progress, cancellationToken);

    public async Task<PulledImage> PullAsync(ImageReference reference, IProgress<PullProgress>? progress, CancellationToken cancellationToken)
    {
        LogPulling(reference);
        var resolved = await _client.ResolveAsync(reference, cancellationToken);
        var source = $"{resolved.Source}, repository {reference.Repository}";
        if (resolved.Index is { } index)
        {
            await _store.PutAsync(index.Descriptor, index.Bytes, source, cancellationToken);
        }

        await _store.PutAsync(resolved.Manifest.Descriptor, resolved.Manifest.Bytes, source, cancellationToken);
        var manifest = resolved.Image;
        // Through EnsureAsync so concurrent pulls share one download; in memory first so the size cap applies.
        await _store.EnsureAsync(manifest.Config, source, async (sink, ct) =>
        {
            var configBytes = await _client.GetBlobBytesAsync(reference, manifest.Config, ct);
            await sink.WriteAsync(configBytes, ct);
        }, null, cancellationToken);

        var layers = manifest.Layers;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, layers.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrentLayers, CancellationToken = cancellationToken },
            async (i, ct) => await PullLayerAsync(reference, layers[i], i, layers.Count, source, progress, ct));

        var top = resolved.Index?.Descriptor.Digest ?? resolved.Manifest.Descriptor.Digest;
        await _tags.RecordAsync(reference, top, cancellationToken);
        var image = await BuildAsync(reference, resolved.Manifest.Descriptor, manifest, resolved.Index?.Descriptor.Digest, cancellationToken);
        LogPulled(reference, image.ManifestDigest, layers.Count, image.TotalLayerBytes);
        return image;
    }

    /// <summary>
    /// The image as pulled before, without the network: by the reference's digest or the digest its tag was recorded
    /// under; null unless the manifest, config and every layer are in the store.
    /// </summary>
    public async Task<PulledImage?> FindLocalAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var top = reference.Digest ?? _tags.Find(reference);
        if (top is not { } digest || !_store.Exists(digest))
        {
            return null;
        }

        var what = $"Stored manifest {digest} of {reference}";
        var bytes = await _store.ReadAllBytesAsync(digest, cancellationToken);
        var parsed = ManifestParser.ParseManifestOrIndex(bytes, null, what);
        Digest? indexDigest = null;
        if (parsed is ImageIndex index)
        {
            var picked = PlatformMatcher.Select(index, _client.Platform);
            if (picked is null || !_store.Exists(picked.Digest))
            {
                return null;
            }

            indexDigest = digest;
            bytes = await _store.ReadAllBytesAsync(picked.Digest, cancellationToken);
            parsed = ManifestParser.ParseManifestOrIndex(bytes, picked.MediaType, what);
            digest = picked.Digest;
        }

        if (parsed is not ImageManifest manifest || !_store.Exists(manifest.Config.Digest) || manifest.Layers.Any(l => !_store.Exists(l.Digest)))
        {
            return null;
        }

        return await BuildAsync(reference, new Descriptor(manifest.MediaType, digest, bytes.Length), manifest, indexDigest, cancellationToken);
    }

    private async Task PullLayerAsync(
        ImageReference reference, Descriptor layer, int index, int count, string source, IProgress<PullProgress>? progress, CancellationToken cancellationToken)
    {
        if (_store.Exists(layer.Digest))
        {
            progress?.Report(new PullProgress(layer.Digest, index, count, layer.Size, layer.Size, Cached: true));
            return;
        }

        var reported = -ProgressStep;
        void Report(long done)
        {
            if (progress is not null && (done - reported >= ProgressStep || done < reported || done == layer.Size))
            {
                reported = done;
                progress.Report(new PullProgress(layer.Digest, index, count, done, layer.Size, Cached: false));
            }
        }

        await _store.EnsureAsync(layer, source, (sink, ct) => _client.DownloadBlobAsync(reference, layer, sink, ct), Report, cancellationToken);
        if (reported != layer.Size)
        {
            // Another pull downloaded it while this one waited.
            progress?.Report(new PullProgress(layer.Digest, index, count, layer.Size, layer.Size, Cached: false));
        }
    }

    private async Task<PulledImage> BuildAsync(ImageReference reference, Descriptor manifestDescriptor, ImageManifest manifest, Digest? indexDigest, CancellationToken cancellationToken)
    {
        var configBytes = await _store.ReadAllBytesAsync(manifest.Config.Digest, cancellationToken);
        var config = ManifestParser.ParseConfig(configBytes, $"Config {manifest.Config.Digest} of {reference}");
        var layers = manifest.Layers.Select(l => new PulledLayer(l.MediaType, l.Digest, l.Size, _store.PathOf(l.Digest))).ToList();
        return new PulledImage(reference.WithDigest(manifestDescriptor.Digest), manifestDescriptor.Digest, manifest.MediaType, indexDigest, manifest.Config.Digest, config, layers);
    }
}
