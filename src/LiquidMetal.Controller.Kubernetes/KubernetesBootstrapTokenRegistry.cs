using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Pki;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Controller.Kubernetes;

/// <summary>
/// <see cref="IBootstrapTokenRegistry"/> through the cluster's API server, as <c>kubeadm token create</c> does it:
/// <c>POST /api/v1/namespaces/kube-system/secrets</c> with the <c>bootstrap-token-&lt;id&gt;</c> Secret. 409 Conflict:
/// the Secret is read back and accepted when it is a bootstrap token with the same token secret (a retry), refused
/// otherwise. Every call is bounded by <see cref="KubernetesApiOptions.Timeout"/>.
/// </summary>
public sealed partial class KubernetesBootstrapTokenRegistry : IBootstrapTokenRegistry
{
    private const string SecretsPath = "/api/v1/namespaces/" + BootstrapTokenSecret.Namespace + "/secrets";

    private readonly CertificateIssuer _issuer;
    private readonly KubernetesApiOptions _options;
    private readonly ILogger<KubernetesBootstrapTokenRegistry> _logger;

    public KubernetesBootstrapTokenRegistry(CertificateIssuer issuer, KubernetesApiOptions options, ILogger<KubernetesBootstrapTokenRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _issuer = issuer;
        _options = options;
        _logger = logger;
    }

    public async Task EnsureAsync(WorkloadCluster cluster, BootstrapTokenSecret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(secret);
        using var connection = new KubernetesApiConnection(cluster, _issuer, _options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        LogCreatingToken(_logger, secret.Token.Id, cluster.Name, cluster.Server);
        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(KubernetesSecret.From(secret), KubernetesJsonContext.Default.KubernetesSecret);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var create = await SendAsync(connection, HttpMethod.Post, SecretsPath, content, timeout.Token).ConfigureAwait(false);
            if (create.IsSuccessStatusCode)
            {
                return;
            }

            if (create.StatusCode != HttpStatusCode.Conflict)
            {
                throw await FailureAsync(cluster, create, $"creating Secret {BootstrapTokenSecret.Namespace}/{secret.Name}", timeout.Token).ConfigureAwait(false);
            }

            using var read = await SendAsync(connection, HttpMethod.Get, $"{SecretsPath}/{secret.Name}", null, timeout.Token).ConfigureAwait(false);
            if (!read.IsSuccessStatusCode)
            {
                throw await FailureAsync(cluster, read, $"reading the existing Secret {BootstrapTokenSecret.Namespace}/{secret.Name}", timeout.Token).ConfigureAwait(false);
            }

            var existing = await ReadAsync(cluster, read, KubernetesJsonContext.Default.KubernetesSecret, timeout.Token).ConfigureAwait(false);
            if (existing.Type != BootstrapTokenSecret.SecretType || existing.Value(BootstrapTokenSecret.TokenSecretKey) is not { } stored ||
                !CryptographicOperations.FixedTimeEquals(stored, Encoding.UTF8.GetBytes(secret.Token.Secret)))
            {
                throw new WorkloadApiException(WorkloadApiErrorCode.Conflict,
                    $"Secret {BootstrapTokenSecret.Namespace}/{secret.Name} already exists in cluster {cluster.Name} with another token or type");
            }

            LogTokenAlreadyThere(_logger, secret.Token.Id, cluster.Name);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WorkloadApiException(WorkloadApiErrorCode.Unreachable,
                $"{cluster.Server} did not answer within {_options.Timeout.TotalSeconds:0.#} s");
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(KubernetesApiConnection connection, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            return await connection.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException || connection.TrustProblem is not null)
        {
            throw new WorkloadApiException(WorkloadApiErrorCode.Untrusted,
                $"TLS with {connection.Client.BaseAddress} failed: {connection.TrustProblem ?? e.InnerException?.Message ?? e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new WorkloadApiException(WorkloadApiErrorCode.Unreachable, $"{connection.Client.BaseAddress} cannot be reached: {e.Message}", e);
        }
    }

    private static async Task<WorkloadApiException> FailureAsync(WorkloadCluster cluster, HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? message = null;
        try
        {
            message = JsonSerializer.Deserialize(text, KubernetesJsonContext.Default.KubernetesStatus)?.Message;
        }
        catch (JsonException)
        {
        }

        message ??= text.Length > 200 ? text[..200] + "..." : text;
        var code = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? WorkloadApiErrorCode.Unauthorized
            : WorkloadApiErrorCode.Refused;
        return new WorkloadApiException(code,
            $"{what} in cluster {cluster.Name}: {(int)response.StatusCode} {response.ReasonPhrase}{(message.Length > 0 ? ": " + message : "")}");
    }

    private static async Task<T> ReadAsync<T>(WorkloadCluster cluster, HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                throw new WorkloadApiException(WorkloadApiErrorCode.InvalidResponse, $"{cluster.Server} answered with JSON that is not a {typeof(T).Name}: {e.Message}", e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registering bootstrap token {TokenId} in cluster {Cluster} at {Server}")]
    private static partial void LogCreatingToken(ILogger logger, string tokenId, string cluster, Uri server);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap token {TokenId} is already registered in cluster {Cluster}")]
    private static partial void LogTokenAlreadyThere(ILogger logger, string tokenId, string cluster);
}
