using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Auth;

/// <summary>
/// Answers registry challenges: anonymous first; after a 401 the challenge is remembered per host so later
/// requests authenticate up front. Bearer tokens (from the challenge's realm, with basic credentials or an identity
/// token when configured) are cached per realm, service, scope and user until shortly before they expire.
/// </summary>
internal sealed class RegistryAuthenticator(
    IReadOnlyDictionary<string, RegistryCredential> credentials,
    Func<Uri, HttpClient> clientFor,
    TimeProvider time)
{
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    /// <summary>The Authorization header to send up front for this host and repository, if the host challenged before.</summary>
    public async ValueTask<AuthenticationHeaderValue?> GetCachedAsync(ImageReference reference, CancellationToken cancellationToken) =>
        _challenges.TryGetValue(reference.Registry, out var challenge)
            ? await AuthorizeAsync(reference, challenge, fresh: false, cancellationToken)
            : null;

    /// <summary>
    /// After a 401: the header to retry with. Throws <see cref="OciErrorCode.Unauthorized"/> when there is nothing
    /// better to send (no credentials, or the ones sent were just rejected) and <see cref="OciErrorCode.Denied"/>
    /// when a token was accepted but does not grant pull.
    /// </summary>
    public async Task<AuthenticationHeaderValue> OnUnauthorizedAsync(
        ImageReference reference, HttpResponseMessage response, AuthenticationHeaderValue? sent, CancellationToken cancellationToken)
    {
        var challenges = response.Headers.WwwAuthenticate.SelectMany(h => AuthChallenge.ParseAll(h.ToString())).ToList();
        var challenge = challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic)
            ?? throw new OciException(OciErrorCode.Unauthorized, $"Registry {reference.Registry} answered 401 for repository {reference.Repository} (reference {reference}) without a Bearer or Basic challenge. It needs an authentication scheme this client does not support.");
        _challenges[reference.Registry] = challenge;
        credentials.TryGetValue(reference.Registry, out var credential);
        if (sent is not null)
        {
            if (challenge.IsBearer && challenge["error"] == "insufficient_scope")
            {
                throw new OciException(OciErrorCode.Denied, $"Registry {reference.Registry} does not let {Who(credential)} pull repository {reference.Repository} (reference {reference}): the token lacks pull access. Grant the user pull access or fix the repository name.");
            }

            throw Rejected(reference, credential);
        }

        if (challenge.IsBasic && credential?.HasPassword != true)
        {
            throw NoCredentials(reference);
        }

        return await AuthorizeAsync(reference, challenge, fresh: true, cancellationToken) ?? throw NoCredentials(reference);
    }

    private async ValueTask<AuthenticationHeaderValue?> AuthorizeAsync(ImageReference reference, AuthChallenge challenge, bool fresh, CancellationToken cancellationToken)
    {
        credentials.TryGetValue(reference.Registry, out var credential);
        if (challenge.IsBasic)
        {
            return credential?.HasPassword == true
                ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")))
                : null;
        }

        var realm = challenge["realm"];
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("http" or "https"))
        {
            throw new OciException(OciErrorCode.InvalidResponse, $"Registry {reference.Registry} sent a Bearer challenge with realm '{realm}', which is not an http(s) URL. The registry's token auth is misconfigured.");
        }

        var service = challenge["service"];
        var scope = $"repository:{reference.Repository}:pull";
        var key = $"{realm}\n{service}\n{scope}\n{credential?.Username}";
        if (!fresh && _tokens.TryGetValue(key, out var cached) && cached.Expires > time.GetUtcNow())
        {
            return new AuthenticationHeaderValue("Bearer", cached.Token);
        }

        var (token, lifetime) = await FetchTokenAsync(reference, realmUri, service, scope, credential, cancellationToken);
        // Refresh a little early so a token never expires between the check and the request.
        _tokens[key] = (token, time.GetUtcNow() + (lifetime * 0.9));
        return new AuthenticationHeaderValue("Bearer", token);
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(
        ImageReference reference, Uri realm, string? service, string scope, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var query = new StringBuilder(realm.Query.Length > 0 ? realm.Query[1..] + "&" : string.Empty);
        if (service is not null)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }

        query.Append("scope=").Append(Uri.EscapeDataString(scope));
        using var request = new HttpRequestMessage();
        var endpoint = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        if (!string.IsNullOrEmpty(credential?.IdentityToken))
        {
            // OAuth2 refresh-token grant, as docker does with an identity token.
            request.Method = HttpMethod.Post;
            request.RequestUri = realm;
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = credential.IdentityToken,
                ["service"] = service ?? string.Empty,
                ["scope"] = scope,
                ["client_id"] = "liquidmetal",
            });
        }
        else
        {
            request.Method = HttpMethod.Get;
            request.RequestUri = endpoint;
            if (credential?.HasPassword == true)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await clientFor(realm).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new OciException(OciErrorCode.Transient, $"Token service {realm.GetLeftPart(UriPartial.Path)} for registry {reference.Registry} cannot be reached: {e.Message}. Check that it runs; the pull is retried.", e);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw credential is null ? NoCredentials(reference) : Rejected(reference, credential);
            }

            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new OciException(OciErrorCode.Transient, $"Token service {realm.GetLeftPart(UriPartial.Path)} for registry {reference.Registry} answered {(int)response.StatusCode}. The pull is retried.");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new OciException(OciErrorCode.Unauthorized, $"Token service {realm.GetLeftPart(UriPartial.Path)} for registry {reference.Registry} answered {(int)response.StatusCode} for repository {reference.Repository}. Check the credentials and the repository name.");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return ParseToken(body, reference, realm);
        }
    }

    private static (string Token, TimeSpan Lifetime) ParseToken(byte[] body, ImageReference reference, Uri realm)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                : root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new OciException(OciErrorCode.InvalidResponse, $"Token service {realm.GetLeftPart(UriPartial.Path)} for registry {reference.Registry} returned no token. The registry's token auth is misconfigured.");
            }

            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultTokenLifetime;
            return (token, lifetime);
        }
        catch (JsonException e)
        {
            throw new OciException(OciErrorCode.InvalidResponse, $"Token service {realm.GetLeftPart(UriPartial.Path)} for registry {reference.Registry} returned invalid JSON: {e.Message}.", e);
        }
    }

    private static string Who(RegistryCredential? credential) =>
        credential?.Username is { Length: > 0 } user ? $"user '{user}'" : "anonymous clients";

    private static OciException NoCredentials(ImageReference reference) =>
        new(OciErrorCode.Unauthorized, $"Registry {reference.Registry} requires authentication for repository {reference.Repository} (reference {reference}) and no credentials are configured for {reference.Registry}. Add them to the credentials file (auths.\"{reference.Registry}\") and retry.");

    private static OciException Rejected(ImageReference reference, RegistryCredential? credential) =>
        credential is null
            ? NoCredentials(reference)
            : new(OciErrorCode.Unauthorized, $"Registry {reference.Registry} rejected the credentials of {Who(credential)} for repository {reference.Repository} (reference {reference}). Check the user name and password in the credentials file (auths.\"{reference.Registry}\").");
}
