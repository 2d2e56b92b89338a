using System.Text.Json;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Manifests;

/// <summary>
/// Parses manifests, indexes and configs defensively: registries and images are untrusted, so every field is checked
/// and a problem becomes an <see cref="OciException"/> (<see cref="OciErrorCode.InvalidResponse"/>) naming
/// <c>what</c> and the field.
/// </summary>
public static class ManifestParser
{
    /// <summary>An index or a manifest: the media type comes from the registry's Content-Type, else the document.</summary>
    public static object ParseManifestOrIndex(ReadOnlySpan<byte> json, string? contentType, string what)
    {
        using var document = Parse(json, what);
        var root = document.RootElement;
        var mediaType = OptionalString(root, "mediaType", what);
        if (contentType is not null && (MediaTypes.IsIndex(contentType) || MediaTypes.IsManifest(contentType)))
        {
            mediaType = contentType;
        }

        mediaType ??= root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
        if (MediaTypes.IsIndex(mediaType))
        {
            var manifests = Array(root, "manifests", what).Select((m, i) => ParseDescriptor(m, $"{what} manifests[{i}]")).ToList();
            return new ImageIndex(mediaType, manifests);
        }

        if (MediaTypes.IsManifest(mediaType))
        {
            if (!root.TryGetProperty("config", out var config))
            {
                throw Invalid(what, "has no config");
            }

            var layers = Array(root, "layers", what).Select((l, i) => ParseDescriptor(l, $"{what} layers[{i}]")).ToList();
            return new ImageManifest(mediaType, ParseDescriptor(config, $"{what} config"), layers);
        }

        throw Invalid(what, $"has media type '{mediaType}', which is not an OCI or Docker v2 manifest or index (Docker schema 1 images must be re-pushed with a current tool)");
    }

    /// <summary>The essentials of an image config blob.</summary>
    public static ImageConfig ParseConfig(ReadOnlySpan<byte> json, string what)
    {
        using var document = Parse(json, what);
        var root = document.RootElement;
        var platform = new Platform(
            OptionalString(root, "os", what) ?? "unknown",
            OptionalString(root, "architecture", what) ?? "unknown",
            OptionalString(root, "variant", what));
        DateTimeOffset? created = null;
        if (OptionalString(root, "created", what) is { } createdText && DateTimeOffset.TryParse(createdText, out var parsedCreated))
        {
            created = parsedCreated;
        }

        var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var diffIds = new List<Digest>();
        if (root.TryGetProperty("rootfs", out var rootfs) && rootfs.ValueKind == JsonValueKind.Object)
        {
            foreach (var id in StringArray(rootfs, "diff_ids", what))
            {
                diffIds.Add(Digest.TryParse(id, out var digest, out var error) ? digest : throw Invalid(what, $"rootfs.diff_ids has '{id}': {error}"));
            }
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config.ValueKind == JsonValueKind.Object && config.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in l.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
            }
        }

        return new ImageConfig(
            platform,
            created,
            StringArray(config, "Entrypoint", what),
            StringArray(config, "Cmd", what),
            StringArray(config, "Env", what),
            OptionalString(config, "WorkingDir", what),
            OptionalString(config, "User", what),
            labels,
            diffIds);
    }

    private static Descriptor ParseDescriptor(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(what, "is not an object");
        }

        var mediaType = OptionalString(element, "mediaType", what) ?? throw Invalid(what, "has no mediaType");
        var digestText = OptionalString(element, "digest", what) ?? throw Invalid(what, "has no digest");
        if (!Digest.TryParse(digestText, out var digest, out var error))
        {
            throw Invalid(what, $"has digest '{digestText}': {error}");
        }

        if (!element.TryGetProperty("size", out var sizeElement) || !sizeElement.TryGetInt64(out var size) || size < 0)
        {
            throw Invalid(what, "has no valid size");
        }

        Platform? platform = null;
        if (element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform(
                OptionalString(p, "os", what) ?? string.Empty,
                OptionalString(p, "architecture", what) ?? string.Empty,
                OptionalString(p, "variant", what));
        }

        return new Descriptor(mediaType, digest, size, platform);
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 32 });
            var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw Invalid(what, "is not a JSON object");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new OciException(OciErrorCode.InvalidResponse, $"{what} is not valid JSON: {e.Message}. The registry or image is broken; re-push the image.", e);
        }
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string name, string what) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw Invalid(what, $"has no '{name}' array");

    private static string? OptionalString(JsonElement element, string name, string what)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(what, $"field '{name}' is not a string");
    }

    private static List<string> StringArray(JsonElement element, string name, string what)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return value.EnumerateArray()
            .Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Invalid(what, $"field '{name}' has a non-string element"))
            .ToList();
    }

    private static OciException Invalid(string what, string problem) =>
        new(OciErrorCode.InvalidResponse, $"{what} {problem}. The image does not follow the OCI image spec; re-push it with a current tool.");
}
