using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using LiquidMetal.Controller.Convergence;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Hosting;
using LiquidMetal.Controller.Manifests;
using PortFile = LiquidMetal.Controller.Core.Ports.ManifestFile;

namespace LiquidMetal.Controller.Api;

/// <summary>
/// The API's writes of the desired state (Apply with manifests, DeleteCluster), one at a time: a cluster is removed
/// from the revision stored when the removal starts, and no upload can land in between and be lost. The only other
/// writer is the source intake, and DeleteCluster is refused while a source is configured.
/// </summary>
internal sealed class DesiredStateUploads(FleetConverger converger, IControllerStore store, SourceHolder source) : IDisposable
{
    public const string UploadOrigin = "upload";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Validates and stores uploaded manifests (see <see cref="FleetConverger.ApplyDesiredAsync"/>).</summary>
    public async Task<ApplyOutcome> ApplyAsync(IReadOnlyList<PortFile> files, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await converger.ApplyDesiredAsync(files, RevisionOf(files), UploadOrigin, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stores a new revision of the desired state without the Cluster <paramref name="cluster"/> (every other file and
    /// document unchanged). NotFound when it is not declared; FailedPrecondition when a folder or Git source owns the
    /// desired state (it would bring the cluster back), naming the source and the file to edit.
    /// </summary>
    public async Task<ApplyOutcome> RemoveClusterAsync(string cluster, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var desired = (await store.LoadAsync(cancellationToken).ConfigureAwait(false)).Desired;
            if (desired is null || converger.FleetOf(desired).Clusters.All(c => c.Name != cluster))
            {
                throw new RpcException(new Status(StatusCode.NotFound,
                    $"cluster '{cluster}' is not declared{(desired is null ? " (nothing applied yet)" : "")}; see lm get clusters"));
            }

            var files = desired.Files.Select(f => new Manifests.ManifestFile(f.Path, f.Content)).ToList();
            if (source.Source is { } configured)
            {
                var file = FleetManifestEditor.FileDeclaring(files, cluster);
                var where = file is null ? "" : $" (in {file})";
                var publish = configured.Origin.Kind == "git" ? ", commit and push" : "";
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"cluster '{cluster}' comes from the controller's source, {configured.Origin}{where}: remove its Cluster document there{publish}; " +
                    "the controller then deletes its VMs (deleting it here would be undone by the source's next revision)"));
            }

            IReadOnlyList<Manifests.ManifestFile> remaining;
            try
            {
                remaining = FleetManifestEditor.RemoveCluster(files, cluster)
                    ?? throw new RpcException(new Status(StatusCode.NotFound, $"cluster '{cluster}' is not declared; see lm get clusters"));
            }
            catch (ManifestException e)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
            }

            PortFile[] next = [.. remaining.Select(f => new PortFile(f.Path, f.Content))];
            var outcome = await converger.ApplyDesiredAsync(next, RevisionOf(next), UploadOrigin, cancellationToken).ConfigureAwait(false);
            return outcome.Accepted
                ? outcome
                : throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"the desired state without cluster '{cluster}' is invalid: {string.Join("; ", outcome.Errors)}; apply manifests without it instead (lm apply -f DIR)"));
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>"sha256:" over paths and contents, as the folder source computes a revision.</summary>
    public static string RevisionOf(IEnumerable<PortFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{file.Path}\0{file.Content.Length}\0{file.Content}\0"));
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
