using System.Text.Json;
using LiquidMetal.Oci;
using LiquidMetal.Oci.Registry;

namespace LiquidMetal.Agent.Hosting;

/// <summary>
/// Reads the registry settings file (JSON) into <see cref="OciClientOptions"/>:
/// <code>
/// { "credentialsFile": "/etc/liquidmetal/docker-config.json",
///   "registries": { "docker.io": { "mirrors": ["mirror.local:5000/dockerhub"], "mirrorsOnly": true },
///                   "mirror.local:5000": { "plainHttp": true },
///                   "registry.corp": { "caFile": "/etc/liquidmetal/corp-ca.pem" } } }
/// </code>
/// Parsed with <see cref="JsonDocument"/> (registry hosts contain ':', which configuration keys cannot hold, and
/// the agent is Native AOT: no reflection-based binding). Every problem is reported at once with its path.
/// </summary>
internal static class RegistryConfigFile
{
    /// <exception cref="OciException"><see cref="OciErrorCode.InvalidConfiguration"/>: unreadable file or bad values, all named.</exception>
    public static OciClientOptions Load(string? path)
    {
        var options = new OciClientOptions();
        if (string.IsNullOrEmpty(path))
        {
            return options;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new OciException(OciErrorCode.InvalidConfiguration, $"The registry config {path} cannot be read: {ex.Message}; fix the file or drop --registry-config", ex);
        }

        using (document)
        {
            var errors = new List<string>();
            Read(document.RootElement, options, errors);
            return errors.Count == 0
                ? options
                : throw new OciException(OciErrorCode.InvalidConfiguration, $"The registry config {path} has errors: {string.Join("; ", errors)}");
        }
    }

    private static void Read(JsonElement root, OciClientOptions options, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$: must be an object with credentialsFile and registries");
            return;
        }

        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "credentialsFile":
                    options.CredentialsFile = String(property.Value, "$.credentialsFile", errors);
                    break;
                case "registries" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var registry in property.Value.EnumerateObject())
                    {
                        options.Registries[registry.Name] = Registry(registry.Value, $"$.registries['{registry.Name}']", errors);
                    }

                    break;
                case "registries":
                    errors.Add("$.registries: must be an object keyed by registry host");
                    break;
                default:
                    errors.Add($"$.{property.Name}: unknown setting (credentialsFile, registries)");
                    break;
            }
        }
    }

    private static RegistryOptions Registry(JsonElement element, string at, List<string> errors)
    {
        var settings = new RegistryOptions();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{at}: must be an object (plainHttp, caFile, mirrors, mirrorsOnly)");
            return settings;
        }

        foreach (var property in element.EnumerateObject())
        {
            var field = $"{at}.{property.Name}";
            switch (property.Name)
            {
                case "plainHttp":
                    settings.PlainHttp = Flag(property.Value, field, errors);
                    break;
                case "mirrorsOnly":
                    settings.MirrorsOnly = Flag(property.Value, field, errors);
                    break;
                case "caFile":
                    settings.CaFile = String(property.Value, field, errors);
                    break;
                case "mirrors" when property.Value.ValueKind == JsonValueKind.Array:
                    var i = 0;
                    foreach (var mirror in property.Value.EnumerateArray())
                    {
                        if (String(mirror, $"{field}[{i++}]", errors) is { } value)
                        {
                            settings.Mirrors.Add(value);
                        }
                    }

                    break;
                default:
                    errors.Add($"{field}: unknown setting, or mirrors is not a list (plainHttp, caFile, mirrors, mirrorsOnly)");
                    break;
            }
        }

        return settings;
    }

    private static bool Flag(JsonElement value, string field, List<string> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add($"{field}: must be true or false");
        return false;
    }

    private static string? String(JsonElement value, string field, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        errors.Add($"{field}: must be a non-empty string");
        return null;
    }
}
