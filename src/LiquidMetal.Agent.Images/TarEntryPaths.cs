namespace LiquidMetal.Agent.Images;

/// <summary>Validates tar entry names: relative, no <c>..</c>; <c>./</c> prefixes and empty segments dropped.</summary>
internal static class TarEntryPaths
{
    public const string WhiteoutPrefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";
    private const string MetadataPrefix = ".wh..wh.";

    /// <summary>The path as segments below the root; the root itself is empty.</summary>
    /// <exception cref="ImagesException"><see cref="ImagesErrorCode.PathEscapesRoot"/> for an absolute path or a <c>..</c> segment.</exception>
    public static string[] Split(string name, string layerDigest)
    {
        if (name.StartsWith('/'))
        {
            throw Escape(name, layerDigest, "is an absolute path");
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ImagesException(ImagesErrorCode.MalformedLayer, $"Layer {layerDigest} has an entry name with a NUL byte");
        }

        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        return segments.Contains("..", StringComparer.Ordinal) ? throw Escape(name, layerDigest, "has a '..' segment") : segments;
    }

    /// <summary>Whiteout, opaque or metadata marker by the entry's last segment; null for an ordinary name.</summary>
    public static LayerEntryKind? MarkerKind(string[] segments)
    {
        if (segments.Length == 0 || !segments[^1].StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var last = segments[^1];
        return last == OpaqueMarker ? LayerEntryKind.Opaque
            : last.StartsWith(MetadataPrefix, StringComparison.Ordinal) ? LayerEntryKind.Ignored
            : LayerEntryKind.Whiteout;
    }

    private static ImagesException Escape(string name, string layerDigest, string why) =>
        new(ImagesErrorCode.PathEscapesRoot,
            $"Layer {layerDigest} has entry '{name}', which {why} and would write outside the image root; the image is rejected");
}
