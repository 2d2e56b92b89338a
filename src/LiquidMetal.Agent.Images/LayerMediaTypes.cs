using System.IO.Compression;
using ZstdSharp;

namespace LiquidMetal.Agent.Images;

/// <summary>Which layer media types are tars we can read, and how to open one as an uncompressed tar stream.</summary>
public static class LayerMediaTypes
{
    public const string OciTar = "application/vnd.oci.image.layer.v1.tar";
    public const string OciTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciTarZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string DockerTarGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    private static readonly Dictionary<string, LayerCompression> Known = new(StringComparer.Ordinal)
    {
        [OciTar] = LayerCompression.None,
        [OciTarGzip] = LayerCompression.Gzip,
        [OciTarZstd] = LayerCompression.Zstd,
        ["application/vnd.oci.image.layer.nondistributable.v1.tar"] = LayerCompression.None,
        ["application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"] = LayerCompression.Gzip,
        ["application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"] = LayerCompression.Zstd,
        [DockerTarGzip] = LayerCompression.Gzip,
        ["application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"] = LayerCompression.Gzip,
        ["application/vnd.docker.image.rootfs.diff.tar"] = LayerCompression.None,
    };

    /// <summary>The compression of a layer, or <see cref="ImagesErrorCode.UnsupportedMediaType"/> naming the layer.</summary>
    public static LayerCompression CompressionOf(ImageLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Known.TryGetValue(layer.MediaType, out var compression)
            ? compression
            : throw new ImagesException(ImagesErrorCode.UnsupportedMediaType,
                $"Layer {layer.Digest} has media type '{layer.MediaType}', which is not a tar layer this host can unpack " +
                "(plain, gzip or zstd tar); rebuild the image with standard layers");
    }

    /// <summary>Opens the layer's blob decompressed, for a single forward read.</summary>
    public static Stream OpenTar(ImageLayer layer)
    {
        var compression = CompressionOf(layer);
        var file = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return compression switch
        {
            LayerCompression.Gzip => new GZipStream(file, CompressionMode.Decompress, leaveOpen: false),
            LayerCompression.Zstd => new DecompressionStream(file, leaveOpen: false),
            _ => file,
        };
    }
}
