using System.Text;
using System.Text.Json;

namespace LiquidMetal.Oci.Auth;

/// <summary>
/// Reads the <c>auths</c> section of a docker-style <c>config.json</c>: per registry an <c>auth</c> (base64
/// <c>user:password</c>), or <c>username</c>/<c>password</c>, or an <c>identitytoken</c>. Keys may be a host
/// (<c>ghcr.io</c>, <c>127.0.0.1:5000</c>) or a URL (<c>https://index.docker.io/v1/</c>); they are normalised to the
/// host (Docker Hub's to <c>docker.io</c>). Credential helpers (<c>credsStore</c>) are not supported.
/// </summary>
public static class DockerConfigCredentials
{
    public static IReadOnlyDictionary<string, RegistryCredential> Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OciException(OciErrorCode.InvalidConfiguration, $"Registry credentials file '{path}' cannot be read: {e.Message}. Fix the path or its permissions.", e);
        }

        return Parse(bytes, path);
    }

    public static IReadOnlyDictionary<string, RegistryCredential> Parse(ReadOnlySpan<byte> json, string source)
    {
        var result = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using var document = JsonDocument.ParseValue(ref reader);
            if (!document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            foreach (var entry in auths.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Object)
                {
                    result[NormaliseKey(entry.Name)] = ParseEntry(entry.Value, entry.Name, source);
                }
            }
        }
        catch (JsonException e)
        {
            throw new OciException(OciErrorCode.InvalidConfiguration, $"Registry credentials file '{source}' is not valid JSON: {e.Message}. Fix or regenerate it (docker login / skopeo login).", e);
        }

        return result;
    }

    /// <summary><c>https://index.docker.io/v1/</c> → <c>docker.io</c>; <c>https://host:5000/x</c> → <c>host:5000</c>.</summary>
    public static string NormaliseKey(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        host = host.ToLowerInvariant();
        return host is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? "docker.io" : host;
    }

    private static RegistryCredential ParseEntry(JsonElement entry, string key, string source)
    {
        var username = String(entry, "username");
        var password = String(entry, "password");
        if (String(entry, "auth") is { Length: > 0 } auth)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException e)
            {
                throw new OciException(OciErrorCode.InvalidConfiguration, $"Registry credentials file '{source}': auths.\"{key}\".auth is not base64. Encode it as base64 of user:password.", e);
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new OciException(OciErrorCode.InvalidConfiguration, $"Registry credentials file '{source}': auths.\"{key}\".auth does not decode to user:password. Encode it as base64 of user:password.");
            }

            username = decoded[..colon];
            password = decoded[(colon + 1)..];
        }

        return new RegistryCredential(username, password, String(entry, "identitytoken"));
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
