using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LiquidMetal.Agent.Images;
using ZstdSharp;

namespace LiquidMetal.Agent.Images.Tests.Harness;

/// <summary>Writes a layer tar with TarWriter (pax format), entry by entry, and stores it as a blob named by its digest.</summary>
public sealed class LayerBuilder
{
    public static readonly DateTimeOffset DefaultTime = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private readonly List<TarEntry> _entries = [];

    public LayerBuilder Directory(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode, Uid = uid, Gid = gid, ModificationTime = DefaultTime });

    public LayerBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100, int uid = 0, int gid = 0, DateTimeOffset? modified = null) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid, modified);

    public LayerBuilder File(string name, byte[] content, UnixFileMode mode = (UnixFileMode)0b110_100_100, int uid = 0, int gid = 0, DateTimeOffset? modified = null) =>
        Add(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = modified ?? DefaultTime,
            DataStream = new MemoryStream(content),
        });

    public LayerBuilder Symlink(string name, string target, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Uid = uid, Gid = gid, ModificationTime = DefaultTime });

    public LayerBuilder Hardlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, ModificationTime = DefaultTime });

    public LayerBuilder CharacterDevice(string name) =>
        Add(new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = 1, DeviceMinor = 3, ModificationTime = DefaultTime });

    public LayerBuilder Fifo(string name) => Add(new PaxTarEntry(TarEntryType.Fifo, name) { ModificationTime = DefaultTime });

    /// <summary>An OCI whiteout for <paramref name="path"/>: an empty file <c>dir/.wh.name</c>.</summary>
    public LayerBuilder Whiteout(string path)
    {
        var slash = path.LastIndexOf('/');
        return File(slash < 0 ? $".wh.{path}" : $"{path[..slash]}/.wh.{path[(slash + 1)..]}", "");
    }

    public LayerBuilder Opaque(string directory) => File($"{directory.TrimEnd('/')}/.wh..wh..opq", "");

    public LayerBuilder Add(TarEntry entry)
    {
        _entries.Add(entry);
        return this;
    }

    public byte[] TarBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the layer (compressed as <paramref name="compression"/>) into <paramref name="blobDirectory"/>.</summary>
    public ImageLayer Save(string blobDirectory, LayerCompression compression = LayerCompression.Gzip) =>
        Store(blobDirectory, Compress(TarBytes(), compression), compression);

    public static ImageLayer Store(string blobDirectory, byte[] blob, LayerCompression compression)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        System.IO.Directory.CreateDirectory(blobDirectory);
        var path = Path.Combine(blobDirectory, digest.Replace(':', '-'));
        System.IO.File.WriteAllBytes(path, blob);
        var mediaType = compression switch
        {
            LayerCompression.Gzip => LayerMediaTypes.OciTarGzip,
            LayerCompression.Zstd => LayerMediaTypes.OciTarZstd,
            _ => LayerMediaTypes.OciTar,
        };
        return new ImageLayer(digest, mediaType, path);
    }

    public static byte[] Compress(byte[] tar, LayerCompression compression)
    {
        switch (compression)
        {
            case LayerCompression.Gzip:
                using (var output = new MemoryStream())
                {
                    using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gzip.Write(tar);
                    }

                    return output.ToArray();
                }

            case LayerCompression.Zstd:
                using (var compressor = new Compressor())
                {
                    return compressor.Wrap(tar).ToArray();
                }

            default:
                return tar;
        }
    }
}
