namespace LiquidMetal.Agent.Images;

/// <summary>
/// Takes one file (a kernel, an initrd) out of an image without unpacking the rest: a first pass reads only the
/// tar headers of every layer into <see cref="ImageTree"/> (so whiteouts, opaque directories and symlinks mean
/// exactly what they mean when unpacking), a second reads the data of the one winning entry.
/// </summary>
public sealed class ImageFileExtractor
{
    private readonly LayerLimits _limits;

    public ImageFileExtractor(LayerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>
    /// Writes the image's file at <paramref name="imagePath"/> (e.g. <c>boot/vmlinuz</c>; symlinks followed inside the
    /// image) to <paramref name="destinationPath"/> through a temporary file, fsync and rename.
    /// </summary>
    /// <exception cref="ImagesException"><see cref="ImagesErrorCode.FileNotFound"/> or <see cref="ImagesErrorCode.NotARegularFile"/>
    /// naming the image and the path; or a layer problem as when unpacking.</exception>
    public async Task<ExtractedFile> ExtractAsync(LayeredImage image, string imagePath, string destinationPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        var tree = new ImageTree();
        var budget = new LayerBudget(_limits);
        for (var index = 0; index < image.Layers.Count; index++)
        {
            var layer = image.Layers[index];
            tree.BeginLayer();
            await foreach (var (_, entry) in LayerReader.ReadAsync(layer, index, budget, cancellationToken).ConfigureAwait(false))
            {
                tree.Apply(entry, layer.Digest);
            }
        }

        var found = tree.Find(imagePath, $"image {image.Reference}");
        var content = found.Node switch
        {
            FileNode { Content: { } c } => c,
            null => throw new ImagesException(ImagesErrorCode.FileNotFound,
                $"Image {image.Reference} ({image.ManifestDigest}) has no file '{imagePath}' (absent from every layer, or removed by a whiteout); check the filename"),
            _ => throw new ImagesException(ImagesErrorCode.NotARegularFile,
                $"In image {image.Reference} ({image.ManifestDigest}), '{imagePath}' is a directory, not a file; check the filename"),
        };

        var destination = Path.GetFullPath(destinationPath);
        await CopyEntryAsync(image.Layers[content.Layer], content, destination, cancellationToken).ConfigureAwait(false);
        return new ExtractedFile(destination, found.Path, content.Size, image.Layers[content.Layer].Digest);
    }

    private async Task CopyEntryAsync(ImageLayer layer, FileContent content, string destination, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        var temporary = $"{destination}.tmp-{Guid.NewGuid():N}";
        try
        {
            // A fresh budget: this pass re-reads a layer already counted.
            await foreach (var (tar, entry) in LayerReader.ReadAsync(layer, content.Layer, new LayerBudget(_limits), cancellationToken).ConfigureAwait(false))
            {
                if (entry.Content?.Ordinal != content.Ordinal)
                {
                    continue;
                }

                var data = tar.DataStream ?? Stream.Null;
                var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    output.Flush(flushToDisk: true);
                }

                File.Move(temporary, destination, overwrite: true);
                UnixNative.SyncDirectory(directory);
                return;
            }
        }
        catch (Exception ex) when (LayerReader.IsFormatError(ex))
        {
            throw LayerReader.Malformed(layer, ex);
        }
        finally
        {
            File.Delete(temporary);
        }

        throw new ImagesException(ImagesErrorCode.MalformedLayer, $"Layer {layer.Digest} changed between reads (entry {content.Ordinal} is gone)");
    }
}
