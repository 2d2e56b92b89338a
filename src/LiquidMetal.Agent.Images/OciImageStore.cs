using LiquidMetal.Oci;
using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.Pull;
using LiquidMetal.Oci.References;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// The host's OCI images: pulled blobs (<see cref="BlobStore"/>) and what VMs use of them (<see cref="ImageArtifacts"/>
/// in the shared <see cref="ImageCache"/>). VMs get images "if not present": a tag pulled once stays pinned to its
/// digest on this host until <see cref="PullAsync"/> (<c>lm image pull</c>) refreshes it.
/// </summary>
public sealed partial class OciImageStore : IDisposable
{
    private readonly ImagePuller _puller;
    private readonly BlobStore _blobs;
    private readonly ILogger<OciImageStore> _logger;

    // Blob collection never runs while a pull or an acquire is between "blobs stored" and "artifact referenced":
    // those enter under the gate and count themselves; collection takes the gate and skips when any is active.
    private readonly SemaphoreSlim _collectGate = new(1, 1);
    private int _active;

    public OciImageStore(ImagePuller puller, BlobStore blobs, ImageCache cache, ImageArtifacts artifacts, ILogger<OciImageStore> logger)
    {
        ArgumentNullException.ThrowIfNull(puller);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(artifacts);
        _puller = puller;
        _blobs = blobs;
        Cache = cache;
        Artifacts = artifacts;
        _logger = logger;
    }

    public ImageCache Cache { get; }

    public void Dispose() => _collectGate.Dispose();

    public ImageArtifacts Artifacts { get; }

    /// <summary>Pulls the image from its registry (or mirrors), refreshing a tag; layers already stored are not downloaded.</summary>
    /// <exception cref="OciException">Bad reference, unknown image, auth, registry trouble.</exception>
    public async Task<PulledImage> PullAsync(string reference, IProgress<PullProgress>? progress, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _puller.PullAsync(parsed, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>The image as stored on this host, pulled first when it is not.</summary>
    private async Task<PulledImage> GetOrPullAsync(ImageReference parsed, CancellationToken cancellationToken) =>
        await _puller.FindLocalAsync(parsed, cancellationToken).ConfigureAwait(false)
            ?? await _puller.PullAsync(parsed, null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Gets (or pulls) the image and gives <paramref name="vmId"/> a reference to a file out of it
    /// (<paramref name="filename"/> set) or to its ext4 volume of <paramref name="sizeMiB"/> (0: just big enough).
    /// </summary>
    /// <exception cref="OciException">The image cannot be had.</exception>
    /// <exception cref="ImagesException">Its layers cannot give what was asked for.</exception>
    public async Task<(PulledImage Image, CachedArtifact Artifact)> AcquireAsync(
        string vmId, string reference, string? filename, int sizeMiB, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var image = await GetOrPullAsync(parsed, cancellationToken).ConfigureAwait(false);
            var layered = ToLayered(image);
            var artifact = filename is null
                ? await Artifacts.AcquireVolumeAsync(vmId, layered, sizeMiB, cancellationToken).ConfigureAwait(false)
                : await Artifacts.AcquireFileAsync(vmId, layered, filename, cancellationToken).ConfigureAwait(false);
            return (image, artifact);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>The pulled image in the shape the artifact builders take.</summary>
    public static LayeredImage ToLayered(PulledImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new LayeredImage(
            image.Reference.ToString(),
            image.ManifestDigest.ToString(),
            [.. image.Layers.Select(l => new ImageLayer(l.Digest.ToString(), l.MediaType, l.Path))]);
    }

    /// <summary>
    /// Pulled images present on this host: each recorded tag whose blobs are all here, then manifests that artifacts
    /// were built from but no tag names (pulled by digest). Also the blob store's total size.
    /// </summary>
    public async Task<(IReadOnlyList<StoredImage> Images, long BlobBytes)> ListPulledAsync(CancellationToken cancellationToken)
    {
        var sizes = _blobs.List().ToDictionary(b => b.Digest, b => b.Size);
        var images = new List<StoredImage>();
        foreach (var tag in _puller.Tags.List().Keys)
        {
            if (ImageReference.TryParse(tag, out var reference)
                && await _puller.FindLocalAsync(reference, cancellationToken).ConfigureAwait(false) is { } image)
            {
                images.Add(new StoredImage(tag, image.ManifestDigest.ToString(), BlobBytes(image, sizes)));
            }
        }

        var named = images.Select(i => i.ManifestDigest).ToHashSet(StringComparer.Ordinal);
        foreach (var digest in (await Cache.ListAsync(cancellationToken).ConfigureAwait(false)).Select(a => a.Key.ManifestDigest).Distinct(StringComparer.Ordinal))
        {
            if (!named.Contains(digest) && Digest.TryParse(digest, out var parsed)
                && _blobs.Exists(parsed) && await ParseAsync(parsed, cancellationToken).ConfigureAwait(false) is ImageManifest manifest)
            {
                var bytes = new[] { parsed, manifest.Config.Digest }.Concat(manifest.Layers.Select(l => l.Digest)).Sum(d => sizes.GetValueOrDefault(d));
                images.Add(new StoredImage(digest, digest, bytes));
            }
        }

        return (images, sizes.Values.Sum());
    }

    /// <summary>
    /// Removes what the image left on this host that no VM uses: its unreferenced artifacts, then blobs no remaining
    /// artifact needs (its own stay while a VM uses one of its artifacts).
    /// </summary>
    public async Task<ImageRemoval> RemoveAsync(string reference, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        var image = await _puller.FindLocalAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            return new ImageRemoval(false, [], false, 0);
        }

        var digest = image.ManifestDigest.ToString();
        var removed = new List<CachedArtifactInfo>();
        var inUse = false;
        foreach (var artifact in (await Cache.ListAsync(cancellationToken).ConfigureAwait(false)).Where(a => a.Key.ManifestDigest == digest))
        {
            if (await Cache.RemoveAsync(artifact.Key, cancellationToken).ConfigureAwait(false))
            {
                removed.Add(artifact);
            }
            else
            {
                inUse = true;
            }
        }

        var freed = await CollectBlobsAsync(except: inUse ? digest : null, cancellationToken).ConfigureAwait(false);
        return new ImageRemoval(true, removed, inUse, freed);
    }

    /// <summary>
    /// Brings the host's image storage (artifacts + blobs) down to <paramref name="budgetBytes"/>: unreferenced
    /// artifacts first, least recently used first; then, if still above, blobs of images no artifact is built from.
    /// </summary>
    public async Task<ImagePruneResult> PruneAsync(long budgetBytes, CancellationToken cancellationToken)
    {
        var blobBytes = _blobs.List().Sum(b => b.Size);
        var artifacts = await Cache.PruneAsync(Math.Max(0, budgetBytes - blobBytes), cancellationToken).ConfigureAwait(false);
        long freedBlobs = 0;
        if (artifacts.RemainingBytes + blobBytes > budgetBytes)
        {
            freedBlobs = await CollectBlobsAsync(except: null, cancellationToken).ConfigureAwait(false);
        }

        var result = new ImagePruneResult(artifacts.Removed, artifacts.FreedBytes, freedBlobs, artifacts.RemainingBytes + blobBytes - freedBlobs);
        LogPruned(result.Removed.Count, result.FreedArtifactBytes, result.FreedBlobBytes, result.RemainingBytes);
        return result;
    }

    /// <summary>
    /// Deletes blobs that belong to no image with a cached artifact (nor to <paramref name="except"/>, a manifest digest
    /// to keep); skipped (0) while a pull or acquire is under way, the next prune catches up.
    /// </summary>
    private async Task<long> CollectBlobsAsync(string? except, CancellationToken cancellationToken)
    {
        await _collectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Volatile.Read(ref _active) > 0 ? 0 : await CollectBlobsGatedAsync(except, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _collectGate.Release();
        }
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        await _collectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _active);
        _collectGate.Release();
    }

    private async Task<long> CollectBlobsGatedAsync(string? except, CancellationToken cancellationToken)
    {
        var manifests = (await Cache.ListAsync(cancellationToken).ConfigureAwait(false)).Select(a => a.Key.ManifestDigest).ToHashSet(StringComparer.Ordinal);
        if (except is not null)
        {
            manifests.Add(except);
        }

        var keep = new HashSet<Digest>();
        foreach (var manifest in manifests)
        {
            if (Digest.TryParse(manifest, out var digest) && _blobs.Exists(digest)
                && await ParseAsync(digest, cancellationToken).ConfigureAwait(false) is ImageManifest parsed)
            {
                keep.Add(digest);
                keep.Add(parsed.Config.Digest);
                keep.UnionWith(parsed.Layers.Select(l => l.Digest));
            }
        }

        foreach (var tagged in _puller.Tags.List().Values)
        {
            // An index stays while one of its platform manifests does (the tag still resolves offline).
            if (Digest.TryParse(tagged, out var digest) && !keep.Contains(digest) && _blobs.Exists(digest)
                && await ParseAsync(digest, cancellationToken).ConfigureAwait(false) is ImageIndex index
                && index.Manifests.Any(m => keep.Contains(m.Digest)))
            {
                keep.Add(digest);
            }
        }

        long freed = 0;
        foreach (var blob in _blobs.List().Where(b => !keep.Contains(b.Digest)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_blobs.Delete(blob.Digest))
            {
                freed += blob.Size;
            }
        }

        return freed;
    }

    private static long BlobBytes(PulledImage image, Dictionary<Digest, long> sizes) =>
        new[] { image.ManifestDigest, image.ConfigDigest }.Concat(image.IndexDigest is { } index ? [index] : [])
            .Concat(image.Layers.Select(l => l.Digest)).Sum(d => sizes.GetValueOrDefault(d));

    private async Task<object?> ParseAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await _blobs.ReadAllBytesAsync(digest, cancellationToken).ConfigureAwait(false);
            return ManifestParser.ParseManifestOrIndex(bytes, null, $"Stored blob {digest}");
        }
        catch (OciException)
        {
            return null; // A layer or config, not a manifest.
        }
    }
}
