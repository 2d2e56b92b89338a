using System.Globalization;
using LiquidMetal.Api.Agent.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LiquidMetal.Cli.Output;

internal static partial class TableRenderer
{
    public static readonly IReadOnlyList<string> ImageColumns = ["REFERENCE", "DIGEST", "SIZE", "VMS"];

    public static readonly IReadOnlyList<string> ArtifactColumns = ["KIND", "IMAGE DIGEST", "DETAIL", "SIZE", "VMS", "LAST USED"];

    /// <summary>Pulled images (blobs + what was built from them), then the built artifacts, then the totals.</summary>
    public static IRenderable Images(ListImagesResponse list, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(list);
        var images = NewTable(ImageColumns);
        foreach (var image in list.Images)
        {
            images.AddRow(
                new Text(image.Reference),
                new Text(ShortDigest(image.Digest)),
                new Text(Humanize.Bytes(image.SizeBytes)),
                new Text(image.RefCount.ToString(CultureInfo.InvariantCulture)));
        }

        var artifacts = NewTable(ArtifactColumns);
        foreach (var artifact in list.Artifacts)
        {
            artifacts.AddRow(
                new Text(artifact.Kind),
                new Text(ShortDigest(artifact.ManifestDigest)),
                new Text(artifact.Kind == "volume" ? VolumeSize(artifact.Detail) : artifact.Detail),
                new Text(Humanize.Bytes(artifact.SizeBytes)),
                new Text(artifact.RefCount.ToString(CultureInfo.InvariantCulture)),
                new Text(Humanize.Age(artifact.LastUsed, now)));
        }

        var total = $"Blobs {Humanize.Bytes(list.BlobBytes)}, artifacts {Humanize.Bytes(list.ArtifactBytes)}, total {Humanize.Bytes(list.BlobBytes + list.ArtifactBytes)}";
        return new Rows(images, new Text(""), artifacts, new Text(""), new Text(total));
    }

    /// <summary><c>sha256:0123456789ab</c>: enough to tell images apart, as docker shows them.</summary>
    public static string ShortDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && digest.Length > colon + 13 ? digest[..(colon + 13)] : digest;
    }

    private static string VolumeSize(string detail) =>
        detail == "0" ? "ext4, fitted" : long.TryParse(detail, CultureInfo.InvariantCulture, out var mib) ? $"ext4, {Humanize.Mebibytes(mib)}" : detail;
}
