using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LiquidMetal.Agent.Images;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Oci.Pull;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Agent.Api;

/// <summary>The image RPCs of the host agent service, over <see cref="OciImageStore"/>.</summary>
internal sealed class ImageApi(OciImageStore images)
{
    private const long MiB = 1024 * 1024;

    public async Task<ListImagesResponse> ListAsync(CancellationToken cancellationToken)
    {
        var artifacts = await images.Cache.ListAsync(cancellationToken);
        var pulled = await images.ListPulledAsync(cancellationToken);
        var response = new ListImagesResponse
        {
            BlobBytes = pulled.BlobBytes,
            ArtifactBytes = artifacts.Sum(a => a.SizeOnDiskBytes),
        };
        foreach (var image in pulled.Images)
        {
            var built = artifacts.Where(a => a.Key.ManifestDigest == image.ManifestDigest).ToList();
            response.Images.Add(new CachedImage
            {
                Reference = image.Reference,
                Digest = image.ManifestDigest,
                SizeBytes = image.BlobBytes + built.Sum(a => a.SizeOnDiskBytes),
                RefCount = built.Sum(a => a.RefCount),
            });
        }

        response.Artifacts.Add(artifacts.Select(a => new ImageArtifact
        {
            Kind = a.Key.Kind == ArtifactKind.Volume ? "volume" : "file",
            ManifestDigest = a.Key.ManifestDigest,
            Detail = a.Key.Detail,
            SizeBytes = a.SizeOnDiskBytes,
            RefCount = a.RefCount,
            LastUsed = Timestamp.FromDateTimeOffset(a.LastUsed),
        }));
        return response;
    }

    /// <summary>Streams the puller's progress as it comes (bounded, latest wins when the client is slow), then the summary.</summary>
    public async Task PullAsync(PullImageRequest request, IServerStreamWriter<PullImageProgress> stream, CancellationToken cancellationToken)
    {
        RequireReference(request.Reference);

        var updates = Channel.CreateBounded<PullProgress>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var pull = Task.Run(async () =>
        {
            try
            {
                return await images.PullAsync(request.Reference, new Progress(updates.Writer), cancellationToken);
            }
            finally
            {
                updates.Writer.TryComplete();
            }
        }, cancellationToken);

        await foreach (var update in updates.Reader.ReadAllAsync(cancellationToken))
        {
            await stream.WriteAsync(new PullImageProgress
            {
                LayerDigest = update.Layer.ToString(),
                LayerIndex = update.LayerIndex,
                LayerCount = update.LayerCount,
                BytesDone = update.BytesDone,
                BytesTotal = update.BytesTotal,
                Cached = update.Cached,
            }, cancellationToken);
        }

        var image = await pull;
        await stream.WriteAsync(new PullImageProgress
        {
            LayerCount = image.Layers.Count,
            Done = new PulledImageSummary
            {
                Reference = image.Reference.ToString(),
                ManifestDigest = image.ManifestDigest.ToString(),
                LayerCount = image.Layers.Count,
                LayerBytes = image.TotalLayerBytes,
            },
        }, cancellationToken);
    }

    public async Task<RemoveImageResponse> RemoveAsync(RemoveImageRequest request, CancellationToken cancellationToken)
    {
        RequireReference(request.Reference);

        var (found, removed, inUse, freedBlobs) = await images.RemoveAsync(request.Reference, cancellationToken);
        if (!found)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"image {request.Reference} not found on this host (lm image list shows what is)"));
        }

        return new RemoveImageResponse { RemovedArtifacts = removed.Count, FreedBytes = removed.Sum(a => a.SizeOnDiskBytes) + freedBlobs, InUse = inUse };
    }

    public async Task<PruneImagesResponse> PruneAsync(PruneImagesRequest request, CancellationToken cancellationToken)
    {
        if (request.BudgetMib < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"budget_mib: {request.BudgetMib} is negative"));
        }

        var result = await images.PruneAsync(request.BudgetMib * MiB, cancellationToken);
        return new PruneImagesResponse
        {
            RemovedArtifacts = result.Removed.Count,
            FreedBytes = result.FreedArtifactBytes + result.FreedBlobBytes,
            RemainingBytes = result.RemainingBytes,
        };
    }

    private static void RequireReference(string reference)
    {
        if (!ImageReference.TryParse(reference, out _, out var errors))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"reference: '{reference}' is not an OCI image reference: {string.Join("; ", errors)}"));
        }
    }

    private sealed class Progress(ChannelWriter<PullProgress> writer) : IProgress<PullProgress>
    {
        public void Report(PullProgress value) => writer.TryWrite(value);
    }
}
