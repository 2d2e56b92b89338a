using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using LiquidMetal.Oci.Auth;
using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Oci.Registry;

/// <summary>
/// A client for the OCI distribution API (pull side): resolves references to manifests (picking this host's
/// platform out of an index), fetches configs and streams blobs, trying mirrors first, authenticating on demand and
/// retrying transient faults with backoff (blob downloads resume with HTTP Range). Thread-safe; share one instance.
/// </summary>
public sealed partial class OciRegistryClient : IDisposable
{
    private const int BufferSize = 1024 * 1024;
    private readonly OciClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RegistryAuthenticator _auth;
    private readonly RetryPolicy _retry;

    public OciRegistryClient(OciClientOptions options, ILogger<OciRegistryClient>? logger = null, TimeProvider? timeProvider = null)
    {
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<OciRegistryClient>.Instance;
        ValidateMirrors(options);
        var credentials = options.CredentialsFile is null
            ? new Dictionary<string, RegistryCredential>()
            : DockerConfigCredentials.Load(options.CredentialsFile);
        _auth = new RegistryAuthenticator(credentials, uri => ClientFor(uri.Authority, uri.Scheme == "http"), _time);
        _retry = new RetryPolicy(options, _time);
    }

    /// <summary>The manifest or index a reference names, verified against its digest (the pinned one, else the registry's).</summary>
    public Task<ManifestContent> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken) =>
        OnEndpointsAsync(reference, (endpoint, ct) => WithRetriesAsync(endpoint, ct2 => FetchManifestAsync(endpoint, ct2), ct), cancellationToken);

    /// <summary>
    /// Resolves a reference to the image manifest for <see cref="OciClientOptions.Platform"/>: an index is followed to
    /// its matching manifest (<see cref="OciErrorCode.PlatformNotFound"/> lists what the index offers when none matches).
    /// </summary>
    public Task<ResolvedManifest> ResolveAsync(ImageReference reference, CancellationToken cancellationToken) =>
        OnEndpointsAsync(reference, async (endpoint, ct) =>
        {
            var top = await WithRetriesAsync(endpoint, ct2 => FetchManifestAsync(endpoint, ct2), ct);
            if (top.Manifest is not null)
            {
                return new ResolvedManifest(reference.WithDigest(top.Descriptor.Digest), null, top, endpoint.Describe());
            }

            var picked = PlatformMatcher.Select(top.Index!, _options.Platform) ?? throw PlatformNotFound(reference, top.Index!);
            var child = endpoint with { Reference = endpoint.Reference.WithDigest(picked.Digest) };
            var manifest = await WithRetriesAsync(child, ct2 => FetchManifestAsync(child, ct2), ct);
            if (manifest.Manifest is null || manifest.Bytes.Length != picked.Size)
            {
                throw new OciException(OciErrorCode.DigestMismatch, $"Manifest {picked.Digest} for {_options.Platform} in index {reference} on {endpoint.Describe()} is {(manifest.Manifest is null ? "another index" : $"{manifest.Bytes.Length} bytes, the index says {picked.Size}")}. The image is broken; re-push it.");
            }

            return new ResolvedManifest(reference.WithDigest(picked.Digest), top, manifest, endpoint.Describe());
        }, cancellationToken);

    /// <summary>The platform picked out of image indexes.</summary>
    public Platform Platform => _options.Platform;

    /// <summary>A small blob (an image config) in memory, verified against its digest and size (at most <see cref="OciClientOptions.MaxConfigBytes"/>).</summary>
    public Task<byte[]> GetBlobBytesAsync(ImageReference reference, Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (descriptor.Size > _options.MaxConfigBytes)
        {
            throw new OciException(OciErrorCode.TooLarge, $"Blob {descriptor.Digest} of {reference} is {descriptor.Size} bytes, more than the {_options.MaxConfigBytes} allowed for a {descriptor.MediaType}. The image is unusual or hostile; it is refused.");
        }

        return OnEndpointsAsync(reference, async (endpoint, ct) =>
        {
            var sink = new MemoryBlobSink(descriptor.Size);
            await DownloadFromAsync(endpoint, descriptor, sink, ct);
            var bytes = sink.ToArray();
            var actual = descriptor.Digest.Compute(bytes);
            return actual == descriptor.Digest
                ? bytes
                : throw new OciException(OciErrorCode.DigestMismatch, $"Blob {descriptor.Digest} of {endpoint.Reference} from {endpoint.Describe()} hashes to {actual}. The registry's copy is corrupt; nothing was stored. Re-push the image or repair the registry's storage.");
        }, cancellationToken);
    }

    /// <summary>
    /// Streams a blob into <paramref name="sink"/>, resuming after interruptions with a Range request (or starting
    /// over when the registry ignores ranges). Never writes more than the descriptor's size; the sink verifies the digest.
    /// </summary>
    public Task DownloadBlobAsync(ImageReference reference, Descriptor descriptor, IBlobSink sink, CancellationToken cancellationToken) =>
        OnEndpointsAsync(reference, async (endpoint, ct) =>
        {
            try
            {
                await DownloadFromAsync(endpoint, descriptor, sink, ct);
            }
            catch (OciException e) when (e.Code == OciErrorCode.DigestMismatch)
            {
                // What this endpoint sent is wrong: the next one must not resume on top of it.
                await sink.ResetAsync(ct);
                throw;
            }

            return true;
        }, cancellationToken);

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>Runs <paramref name="operation"/> against each mirror, then the origin, until one succeeds.</summary>
    private async Task<T> OnEndpointsAsync<T>(ImageReference reference, Func<RegistryEndpoint, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var endpoints = RegistryEndpoint.For(reference, _options);
        var failures = new List<string>();
        for (var i = 0; ; i++)
        {
            var endpoint = endpoints[i];
            try
            {
                return await operation(endpoint, cancellationToken);
            }
            catch (OciException e) when (i < endpoints.Count - 1 && e.Code is not (OciErrorCode.InvalidReference or OciErrorCode.PlatformNotFound or OciErrorCode.TooLarge))
            {
                LogEndpointFailed(endpoint.Describe(), e.Code, e.Message);
                failures.Add($"{endpoint.Describe()}: {e.Message}");
            }
            catch (OciException e) when (failures.Count > 0)
            {
                throw new OciException(e.Code, $"{e.Message} (also tried {string.Join("; ", failures)})", e);
            }
        }
    }

    private async Task<T> WithRetriesAsync<T>(RegistryEndpoint endpoint, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken);
            }
            catch (OciException e) when (e.IsTransient)
            {
                if (attempt >= _retry.MaxAttempts)
                {
                    throw RetryPolicy.GaveUp(e, attempt);
                }

                LogRetrying(endpoint.Describe(), attempt, e.Message);
                await _retry.DelayAsync(attempt, cancellationToken);
            }
        }
    }

    private async Task<ManifestContent> FetchManifestAsync(RegistryEndpoint endpoint, CancellationToken cancellationToken)
    {
        var reference = endpoint.Reference;
        var what = $"Manifest {reference.ManifestReference} of {reference.Registry}/{reference.Repository}";
        using var response = await SendAsync(endpoint, $"/v2/{reference.Repository}/manifests/{reference.ManifestReference}", request =>
        {
            foreach (var mediaType in MediaTypes.AcceptedManifests)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
            }
        }, what, cancellationToken);
        if (response.Content.Headers.ContentLength > _options.MaxManifestBytes)
        {
            throw TooLarge(what, endpoint);
        }

        var bytes = await ReadBoundedAsync(response, _options.MaxManifestBytes, what, endpoint, cancellationToken);
        Digest digest;
        if (reference.Digest is { } pinned)
        {
            digest = pinned.Compute(bytes);
            if (digest != pinned)
            {
                throw new OciException(OciErrorCode.DigestMismatch, $"{what} from {endpoint.Describe()} hashes to {digest}. The registry serves different content for this digest; nothing was stored. Repair the registry or pull from another.");
            }
        }
        else
        {
            digest = Digest.ComputeSha256(bytes);
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values)
                && Digest.TryParse(values.FirstOrDefault(), out var claimed) && claimed.Algorithm == Digest.Sha256 && claimed != digest)
            {
                throw new OciException(OciErrorCode.DigestMismatch, $"{what} from {endpoint.Describe()} hashes to {digest} but the registry says {claimed}. The manifest was corrupted; nothing was stored.");
            }
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        var parsed = ManifestParser.ParseManifestOrIndex(bytes, contentType, what);
        var index = parsed as ImageIndex;
        var manifest = parsed as ImageManifest;
        var mediaType = index?.MediaType ?? manifest!.MediaType;
        return new ManifestContent(new Descriptor(mediaType, digest, bytes.Length), bytes, index, manifest);
    }

    /// <summary>Downloads with resume: attempts without progress are bounded; an attempt that moved bytes resets the count.</summary>
    private async Task DownloadFromAsync(RegistryEndpoint endpoint, Descriptor descriptor, IBlobSink sink, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            var before = sink.Length;
            try
            {
                await DownloadOnceAsync(endpoint, descriptor, sink, cancellationToken);
                return;
            }
            catch (OciException e) when (e.IsTransient)
            {
                failures = sink.Length > before ? 1 : failures + 1;
                if (failures >= _retry.MaxAttempts)
                {
                    throw RetryPolicy.GaveUp(e, failures);
                }

                LogResuming(descriptor.Digest, endpoint.Describe(), sink.Length, descriptor.Size, e.Message);
                await _retry.DelayAsync(failures, cancellationToken);
            }
        }
    }

    private async Task DownloadOnceAsync(RegistryEndpoint endpoint, Descriptor descriptor, IBlobSink sink, CancellationToken cancellationToken)
    {
        var reference = endpoint.Reference;
        var what = $"Blob {descriptor.Digest} of {reference.Registry}/{reference.Repository} (image {reference})";
        if (sink.Length == descriptor.Size)
        {
            return;
        }

        var offset = sink.Length;
        using var response = await SendAsync(endpoint, $"/v2/{reference.Repository}/blobs/{descriptor.Digest}", request =>
        {
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }
        }, what, cancellationToken, acceptRangeNotSatisfiable: true);

        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            await sink.ResetAsync(cancellationToken);
            throw new OciException(OciErrorCode.Transient, $"{what}: {endpoint.Describe()} refused to resume at byte {offset}; starting over.");
        }

        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            if (response.Content.Headers.ContentRange?.From != offset)
            {
                await sink.ResetAsync(cancellationToken);
                throw new OciException(OciErrorCode.Transient, $"{what}: {endpoint.Describe()} answered a different range than asked ({response.Content.Headers.ContentRange}); starting over.");
            }
        }
        else if (offset > 0)
        {
            await sink.ResetAsync(cancellationToken);
        }

        if (response.Content.Headers.ContentLength is { } length && sink.Length + length != descriptor.Size)
        {
            throw new OciException(OciErrorCode.DigestMismatch, $"{what} on {endpoint.Describe()} is {sink.Length + length} bytes but the manifest says {descriptor.Size}. The registry's copy does not match the image; nothing was stored. Re-push the image.");
        }

        await CopyWithIdleTimeoutAsync(response, descriptor, sink, what, endpoint, cancellationToken);
        if (sink.Length < descriptor.Size)
        {
            throw new OciException(OciErrorCode.Transient, $"{what}: {endpoint.Describe()} closed the connection after {sink.Length} of {descriptor.Size} bytes; resuming.");
        }
    }

    private async Task CopyWithIdleTimeoutAsync(HttpResponseMessage response, Descriptor descriptor, IBlobSink sink, string what, RegistryEndpoint endpoint, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                idle.CancelAfter(_options.ReadIdleTimeout);
                var read = await body.ReadAsync(buffer, linked.Token);
                if (read == 0)
                {
                    return;
                }

                if (sink.Length + read > descriptor.Size)
                {
                    throw new OciException(OciErrorCode.DigestMismatch, $"{what} on {endpoint.Describe()} is longer than the {descriptor.Size} bytes the manifest says. The registry's copy does not match the image; nothing was stored.");
                }

                await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OciException(OciErrorCode.Transient, $"{what}: {endpoint.Describe()} sent nothing for {_options.ReadIdleTimeout.TotalSeconds:0.#} s after {sink.Length} of {descriptor.Size} bytes (hung connection); resuming.", e);
        }
        catch (IOException e)
        {
            throw new OciException(OciErrorCode.Transient, $"{what}: the connection to {endpoint.Describe()} failed after {sink.Length} of {descriptor.Size} bytes ({e.Message}); resuming.", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, long maxBytes, string what, RegistryEndpoint endpoint, CancellationToken cancellationToken)
    {
        var sink = new MemoryBlobSink(Math.Min(response.Content.Headers.ContentLength ?? 4096, maxBytes));
        var descriptor = new Descriptor("application/octet-stream", default, maxBytes);
        try
        {
            await CopyWithIdleTimeoutAsync(response, descriptor, sink, what, endpoint, cancellationToken);
        }
        catch (OciException e) when (e.Code == OciErrorCode.DigestMismatch)
        {
            throw TooLarge(what, endpoint);
        }

        return sink.ToArray();
    }

    private OciException TooLarge(string what, RegistryEndpoint endpoint) =>
        new(OciErrorCode.TooLarge, $"{what} on {endpoint.Describe()} is larger than the {_options.MaxManifestBytes} bytes allowed for a manifest. The image is unusual or hostile; it is refused.");

    private OciException PlatformNotFound(ImageReference reference, ImageIndex index)
    {
        var available = index.Manifests.Select(m => m.Platform?.ToString() ?? "(no platform)").Distinct().ToList();
        return new OciException(OciErrorCode.PlatformNotFound, $"Image {reference} has no manifest for platform {_options.Platform}; it offers {(available.Count == 0 ? "none" : string.Join(", ", available))}. Use an image built for {_options.Platform}.");
    }

    private static void ValidateMirrors(OciClientOptions options)
    {
        foreach (var (host, registry) in options.Registries)
        {
            foreach (var mirror in registry.Mirrors)
            {
                if (!ImageReference.TryParse($"{mirror}/probe", out var probe, out var errors) || !mirror.StartsWith(probe.Registry, StringComparison.OrdinalIgnoreCase))
                {
                    throw new OciException(OciErrorCode.InvalidConfiguration, $"Mirror '{mirror}' of registry {host} is not host[:port][/path]{(errors.Count > 0 ? ": " + string.Join("; ", errors) : string.Empty)}. Fix the mirror list.");
                }
            }
        }
    }
}
