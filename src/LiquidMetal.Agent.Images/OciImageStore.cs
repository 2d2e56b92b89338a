using System.Collections.Concurrent;
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
public sealed partial class OciImageStore
{
    private readonly ImagePuller _puller;
    private readonly BlobStore _blobs;
    private readonly ILogger<OciImageStore> _logger;

    // Manifest digests between "pulled" and "artifact referenced": blob collection keeps their blobs.
    private readonly ConcurrentDictionary<string, int> _pinned = new(StringComparer.Ordinal);

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

    public ImageArtifacts Artifacts { get; }

    /// <summary>Pulls the image from its registry (or mirrors), refreshing a tag; layers already stored are not downloaded.</summary>
    /// <exception cref="OciException">Bad reference, unknown image, auth, registry trouble.</exception>
    public Task<PulledImage> PullAsync(string reference, IProgress<PullProgress>? progress, CancellationToken cancellationToken) =>
        _puller.PullAsync(ImageReference.Parse(reference), progress, cancellationToken);

    /// <summary>The image as stored on this host, pulled first when it is not.</summary>
    public async Task<PulledImage> GetOrPullAsync(string reference, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        return await _puller.FindLocalAsync(parsed, cancellationToken).ConfigureAwait(false)
            ?? await _puller.PullAsync(parsed, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gets (or pulls) the image and gives <paramref name="vmId"/> a reference to a file out of it
    /// (<paramref name="filename"/> set) or to its ext4 volume of <paramref name="sizeMiB"/> (0: just big enough).
    /// </summary>
    /// <exception cref="OciException">The image cannot be had.</exception>
    /// <exception cref="ImagesException">Its layers cannot give what was asked for.</exception>
    public async Task<(PulledImage Image, CachedArtifact Artifact)> AcquireAsync(
        string vmId, string reference, string? filename, int sizeMiB, CancellationToken cancellationToken)
    {
        var image = await GetOrPullAsync(reference, cancellationToken).ConfigureAwait(false);
        var digest = image.ManifestDigest.ToString();
        _pinned.AddOrUpdate(digest, 1, (_, n) => n + 1);
        try
        {
            var layered = ToLayered(image);
            var artifact = filename is null
                ? await Artifacts.AcquireVolumeAsync(vmId, layered, sizeMiB, cancellationToken).ConfigureAwait(false)
                : await Artifacts.AcquireFileAsync(vmId, layered, filename, cancellationToken).ConfigureAwait(false);
            return (image, artifact);
        }
        finally
        {
            _pinned.AddOrUpdate(digest, 0, (_, n) => n - 1);
            _pinned.TryRemove(new KeyValuePair<string, int>(digest, 0));
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

    /// <summary>Every recorded tag with its digest, and the blob store's size (all blobs).</summary>
    public (IReadOnlyDictionary<string, string> Tags, long BlobBytes) ListPulled() =>
        (_puller.Tags.List(), _blobs.List().Sum(b => b.Size));

    /// <summary>
    /// Removes what the image left on this host that no VM uses: its unreferenced artifacts, then blobs no remaining
    /// artifact needs. Returns how many artifacts were removed; false in the tuple when a VM still uses one.
    /// </summary>
    public async Task<(int RemovedArtifacts, bool InUse, long FreedBlobBytes)> RemoveAsync(string reference, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        var image = await _puller.FindLocalAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            return (0, false, 0);
        }

        var digest = image.ManifestDigest.ToString();
        var removed = 0;
        var inUse = false;
        foreach (var artifact in (await Cache.ListAsync(cancellationToken).ConfigureAwait(false)).Where(a => a.Key.ManifestDigest == digest))
        {
            if (await Cache.RemoveAsync(artifact.Key, cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }
            else
            {
                inUse = true;
            }
        }

        var keepAnyway = inUse ? null : digest;
        var freed = await CollectBlobsAsync(except: keepAnyway, cancellationToken).ConfigureAwait(false);
        return (removed, inUse, freed);
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

    /// <summary>Deletes blobs that belong to no image with a cached artifact (nor to <paramref name="except"/>, a manifest digest to keep).</summary>
    private async Task<long> CollectBlobsAsync(string? except, CancellationToken cancellationToken)
    {
        var manifests = (await Cache.ListAsync(cancellationToken).ConfigureAwait(false)).Select(a => a.Key.ManifestDigest).ToHashSet(StringComparer.Ordinal);
        if (except is not null)
        {
            manifests.Add(except);
        }

        manifests.UnionWith(_pinned.Keys);

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
