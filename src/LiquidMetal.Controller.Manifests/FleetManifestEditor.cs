using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Manifests;

/// <summary>
/// Edits manifest files as text, so everything not edited (other documents, comments, formatting) stays byte for
/// byte. Documents are cut at YAML's document markers (<c>---</c> or <c>...</c> at the start of a line, which YAML
/// forbids inside any scalar), and the result is loaded again to prove nothing else changed.
/// </summary>
public static partial class FleetManifestEditor
{
    /// <summary>
    /// The files without the <c>Cluster</c> document named <paramref name="cluster"/> (a file left without documents
    /// is dropped), or null when no file declares it. Throws <see cref="ManifestException"/> when the files are
    /// invalid, or when the result would not be the same fleet without that cluster.
    /// </summary>
    public static IReadOnlyList<ManifestFile>? RemoveCluster(IReadOnlyList<ManifestFile> files, string cluster)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        var before = FleetManifestLoader.Load(files).GetFleetOrThrow();
        if (before.Clusters.All(c => c.Name != cluster))
        {
            return null;
        }

        var result = new List<ManifestFile>();
        var removed = 0;
        foreach (var file in files)
        {
            var documents = SplitDocuments(file.Content);
            var kept = documents.Where(d => !DeclaresCluster(d, cluster)).ToList();
            removed += documents.Count - kept.Count;
            if (kept.Count == documents.Count)
            {
                result.Add(file);
            }
            else if (kept.Any(HasContent))
            {
                result.Add(file with { Content = string.Concat(kept) });
            }
        }

        var after = FleetManifestLoader.Load(result);
        var expected = before.Clusters.Select(c => c.Name).Where(n => n != cluster).Order(StringComparer.Ordinal);
        if (removed != 1 || !after.IsValid || !after.Fleet!.Clusters.Select(c => c.Name).Order(StringComparer.Ordinal).SequenceEqual(expected) ||
            !after.Fleet.Hosts.Select(h => h.Name).SequenceEqual(before.Hosts.Select(h => h.Name)) ||
            !after.Fleet.Templates.Select(t => t.Name).SequenceEqual(before.Templates.Select(t => t.Name)))
        {
            var why = after.IsValid ? $"{removed} documents matched" : string.Join("; ", after.Errors);
            throw new ManifestException(ManifestErrorCode.Invalid,
                $"cannot remove Cluster {cluster} from the manifests as text ({why}); apply manifests without it instead");
        }

        return result;
    }

    /// <summary>The path of the file whose documents declare the Cluster <paramref name="cluster"/>, or null.</summary>
    public static string? FileDeclaring(IReadOnlyList<ManifestFile> files, string cluster)
    {
        ArgumentNullException.ThrowIfNull(files);
        return files.FirstOrDefault(f => SplitDocuments(f.Content).Any(d => DeclaresCluster(d, cluster)))?.Path;
    }

    /// <summary>The file cut before every document marker line; concatenating the parts gives the file back.</summary>
    internal static List<string> SplitDocuments(string content)
    {
        var parts = new List<string>();
        var start = 0;
        foreach (Match marker in DocumentMarker().Matches(content))
        {
            if (marker.Index > start)
            {
                parts.Add(content[start..marker.Index]);
                start = marker.Index;
            }
        }

        parts.Add(content[start..]);
        return parts;
    }

    private static bool DeclaresCluster(string document, string cluster)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(document));
        }
        catch (YamlException)
        {
            return false;
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root &&
            Scalar(root, "kind") == "Cluster" &&
            root.Children.TryGetValue(new YamlScalarNode("metadata"), out var metadata) && metadata is YamlMappingNode meta &&
            Scalar(meta, "name") == cluster;
    }

    private static bool HasContent(string document)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(document));
        }
        catch (YamlException)
        {
            return true;
        }

        return stream.Documents.Any(d => d.RootNode is not YamlScalarNode { Value: null or "" });
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>"---" or "..." at the start of a line, followed by whitespace or the end of the line.</summary>
    [GeneratedRegex(@"^(---|\.\.\.)(?=[ \t\r\n]|$)", RegexOptions.Multiline)]
    private static partial Regex DocumentMarker();
}
