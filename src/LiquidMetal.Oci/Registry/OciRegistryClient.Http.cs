using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace LiquidMetal.Oci.Registry;

public sealed partial class OciRegistryClient
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Sends a GET, authenticating on a 401 (once: a second 401 means the credentials are wrong), and maps failures
    /// to <see cref="OciException"/>s. Returns only 2xx responses (and 416 when asked).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        RegistryEndpoint endpoint, string path, Action<HttpRequestMessage> configure, string what, CancellationToken cancellationToken,
        bool acceptRangeNotSatisfiable = false)
    {
        var client = ClientFor(endpoint.Reference.Registry, endpoint.Options.PlainHttp);
        var authorization = await _auth.GetCachedAsync(endpoint.Reference, cancellationToken);
        for (var round = 0; ; round++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.BaseUri, path));
            configure(request);
            request.Headers.Authorization = authorization;
            var response = await SendWithTimeoutAsync(client, request, endpoint, what, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && round == 0)
            {
                using (response)
                {
                    authorization = await _auth.OnUnauthorizedAsync(endpoint.Reference, response, authorization, cancellationToken);
                }

                continue;
            }

            if (response.IsSuccessStatusCode || (acceptRangeNotSatisfiable && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable))
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    await _auth.OnUnauthorizedAsync(endpoint.Reference, response, authorization, cancellationToken);
                }

                throw await ErrorFromAsync(response, endpoint, what, cancellationToken);
            }
        }
    }

    private async Task<HttpResponseMessage> SendWithTimeoutAsync(HttpClient client, HttpRequestMessage request, RegistryEndpoint endpoint, string what, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ResponseTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OciException(OciErrorCode.Transient, $"{what}: {endpoint.Describe()} did not answer within {_options.ResponseTimeout.TotalSeconds:0.#} s. Check that it is healthy; the pull is retried.", e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw new OciException(OciErrorCode.TlsFailure, $"{what}: the TLS handshake with {endpoint.Describe()} failed ({e.InnerException?.Message ?? e.Message}). If it uses a private CA, set CaFile for {endpoint.Reference.Registry}; if it serves plain HTTP, set PlainHttp.", e);
        }
        catch (HttpRequestException e)
        {
            throw new OciException(OciErrorCode.Transient, $"{what}: cannot reach {endpoint.Describe()} at {endpoint.BaseUri} ({e.Message}). Check that it runs and is reachable; the pull is retried.", e);
        }
    }

    private static async Task<OciException> ErrorFromAsync(HttpResponseMessage response, RegistryEndpoint endpoint, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var detail = await ReadRegistryErrorAsync(response, cancellationToken);
        var said = detail is null ? $"answered {status}" : $"answered {status} ({detail})";
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new OciException(OciErrorCode.NotFound, $"{what}: {endpoint.Describe()} {said}: no such repository, tag or digest. Check the reference and that the image was pushed."),
            HttpStatusCode.Forbidden => new OciException(OciErrorCode.Denied, $"{what}: {endpoint.Describe()} {said}: access denied. Grant the configured user pull access to {endpoint.Reference.Repository}."),
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => new OciException(OciErrorCode.Transient, $"{what}: {endpoint.Describe()} {said}. The pull is retried with backoff."),
            _ when status >= 500 => new OciException(OciErrorCode.Transient, $"{what}: {endpoint.Describe()} {said}: a server error. The pull is retried; if it persists, check the registry."),
            _ => new OciException(OciErrorCode.InvalidResponse, $"{what}: {endpoint.Describe()} {said}. Check the reference and the registry."),
        };
    }

    /// <summary>The first <c>errors[].code: message</c> of a registry error body, if it has one (bounded read).</summary>
    private static async Task<string?> ReadRegistryErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            if (response.Content.Headers.ContentLength is > 65536)
            {
                return null;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    var code = error.TryGetProperty("code", out var c) ? c.ToString() : "?";
                    var message = error.TryGetProperty("message", out var m) ? m.ToString() : string.Empty;
                    return $"{code}: {message}";
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or OperationCanceledException or HttpRequestException)
        {
            // The body is only for the message; a status code alone still classifies the failure.
        }

        return null;
    }

    private HttpClient ClientFor(string authority, bool plainHttp) =>
        _clients.GetOrAdd($"{(plainHttp ? "http" : "https")}://{authority}", _ =>
        {
            var handler = new SocketsHttpHandler
            {
                ConnectTimeout = _options.ConnectTimeout,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
                // Redirects (to blob storage) are followed; HttpClient drops the Authorization header on them.
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
            };
            if (_options.Registries.TryGetValue(authority, out var registry) && registry.CaFile is { } caFile)
            {
                var roots = LoadCa(caFile, authority);
                handler.SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, roots),
                };
            }

            var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("liquidmetal-oci", "1"));
            return client;
        });

    /// <summary>System-trusted, or chaining to the configured CA (the name must still match).</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static X509Certificate2Collection LoadCa(string caFile, string registry)
    {
        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            return roots.Count > 0
                ? roots
                : throw new OciException(OciErrorCode.InvalidConfiguration, $"CA file '{caFile}' for registry {registry} holds no PEM certificate. Point CaFile at the registry's CA certificate.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new OciException(OciErrorCode.InvalidConfiguration, $"CA file '{caFile}' for registry {registry} cannot be loaded: {e.Message}. Point CaFile at a readable PEM certificate.", e);
        }
    }
}
