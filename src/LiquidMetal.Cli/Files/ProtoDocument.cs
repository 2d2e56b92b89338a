using Google.Protobuf;

namespace LiquidMetal.Cli.Files;

/// <summary>A message read from a file, with where each of its fields was written.</summary>
internal sealed record ProtoDocument<T>(string SourceName, T Message, IReadOnlyDictionary<string, SourceLocation> Locations)
    where T : IMessage<T>
{
    /// <summary>
    /// Finds where a field named by the agent (<c>microvm.interfaces[0].address</c>) was written, or the
    /// nearest enclosing field that was; null when nothing below the root matches.
    /// </summary>
    public string? Locate(string canonicalPath)
    {
        ArgumentNullException.ThrowIfNull(canonicalPath);
        for (var path = canonicalPath; path is not null; path = FieldPath.Parent(path))
        {
            if (Locations.TryGetValue(path, out var location) && FieldPath.Parent(path) is not null)
            {
                return $"{SourceName}:{location}";
            }
        }

        return null;
    }
}
