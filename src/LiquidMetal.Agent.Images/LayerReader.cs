using System.Formats.Tar;
using System.Runtime.CompilerServices;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// Reads one layer's tar forward, entry by entry, validating names and counting against the budget. Each tar entry's
/// data stream is readable until the next one is asked for.
/// </summary>
internal static class LayerReader
{
    public static async IAsyncEnumerable<(TarEntry Tar, LayerEntry Entry)> ReadAsync(
        ImageLayer layer, int layerIndex, LayerBudget budget, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = LayerMediaTypes.OpenTar(layer);
        await using (stream.ConfigureAwait(false))
        {
            var reader = new TarReader(stream, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                for (long ordinal = 0; ; ordinal++)
                {
                    var tar = await NextAsync(reader, layer, cancellationToken).ConfigureAwait(false);
                    if (tar is null)
                    {
                        yield break;
                    }

                    budget.CountEntry(layer.Digest);
                    var entry = Classify(tar, layerIndex, ordinal, layer.Digest);
                    if (entry.Kind == LayerEntryKind.File)
                    {
                        budget.CountFile(tar.Length, tar.Name, layer.Digest);
                    }

                    yield return (tar, entry);
                }
            }
        }
    }

    /// <summary>Wraps what a broken tar or compression stream throws into a <see cref="ImagesErrorCode.MalformedLayer"/> naming the layer.</summary>
    public static ImagesException Malformed(ImageLayer layer, Exception inner) =>
        new(ImagesErrorCode.MalformedLayer, $"Layer {layer.Digest} ({layer.MediaType}) is not a readable tar: {inner.Message}", inner);

    public static bool IsFormatError(Exception ex) =>
        ex is InvalidDataException or FormatException or EndOfStreamException or ZstdSharp.ZstdException
            || (ex is ArgumentException && ex is not ArgumentNullException);

    private static async Task<TarEntry?> NextAsync(TarReader reader, ImageLayer layer, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFormatError(ex))
        {
            throw Malformed(layer, ex);
        }
    }

    private static LayerEntry Classify(TarEntry tar, int layerIndex, long ordinal, string layerDigest)
    {
        var segments = TarEntryPaths.Split(tar.Name, layerDigest);
        if (TarEntryPaths.MarkerKind(segments) is { } marker)
        {
            return new LayerEntry(marker, segments);
        }

        return tar.EntryType switch
        {
            TarEntryType.Directory => new LayerEntry(LayerEntryKind.Directory, segments),
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile =>
                new LayerEntry(LayerEntryKind.File, segments, Content: new FileContent(layerIndex, ordinal, tar.Length)),
            TarEntryType.SymbolicLink when tar.LinkName.Length > 0 && !tar.LinkName.Contains('\0', StringComparison.Ordinal) =>
                new LayerEntry(LayerEntryKind.Symlink, segments, SymlinkTarget: tar.LinkName),
            TarEntryType.HardLink => new LayerEntry(LayerEntryKind.Hardlink, segments, HardlinkTarget: TarEntryPaths.Split(tar.LinkName, layerDigest)),
            TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo => new LayerEntry(LayerEntryKind.Special, segments),
            TarEntryType.GlobalExtendedAttributes => new LayerEntry(LayerEntryKind.Ignored, segments),
            _ => throw new ImagesException(ImagesErrorCode.MalformedLayer,
                $"Layer {layerDigest} has entry '{tar.Name}' of type {tar.EntryType}, which this host does not unpack"),
        };
    }
}
