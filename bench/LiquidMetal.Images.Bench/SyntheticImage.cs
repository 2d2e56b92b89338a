using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using LiquidMetal.Agent.Images;

namespace LiquidMetal.Images.Bench;

/// <summary>
/// A node-OS-like image written as two gzip layers: many small and some large files of half-compressible data
/// (like binaries), directories, symlinks; the upper layer replaces and whites out a few lower files.
/// </summary>
internal static class SyntheticImage
{
    public static LayeredImage Write(string blobDirectory, int contentMiB)
    {
        Directory.CreateDirectory(blobDirectory);
        var random = new Random(42);
        var lower = WriteLayer(blobDirectory, writer =>
        {
            long written = 0;
            for (var i = 0; written < contentMiB * 1024L * 1024 * 9 / 10; i++)
            {
                var size = i % 50 == 0 ? 4 << 20 : random.Next(512, 64 << 10);
                AddFile(writer, $"usr/lib/pkg{i % 97}/file{i}.so", Data(random, size), 0b111_101_101);
                written += size;
            }

            var link = new PaxTarEntry(TarEntryType.SymbolicLink, "lib") { LinkName = "usr/lib" };
            writer.WriteEntry(link);
        });
        var upper = WriteLayer(blobDirectory, writer =>
        {
            for (var i = 0; i < 200; i++)
            {
                AddFile(writer, $"etc/conf{i}.d/settings", Data(random, 2048), 0b110_100_100);
            }

            AddFile(writer, "usr/lib/pkg1/file1.so", Data(random, contentMiB * 1024 * 1024 / 10), 0b111_101_101);
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "usr/lib/pkg2/.wh.file2.so"));
        });
        return new LayeredImage("bench.local/node-os:1", "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(upper.BlobPath))), [lower, upper]);
    }

    private static ImageLayer WriteLayer(string blobDirectory, Action<TarWriter> fill)
    {
        var temporary = Path.Combine(blobDirectory, $"layer-{Guid.NewGuid():N}");
        using (var file = File.Create(temporary))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            fill(writer);
        }

        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(temporary)));
        var path = Path.Combine(blobDirectory, digest.Replace(':', '-'));
        File.Move(temporary, path, overwrite: true);
        return new ImageLayer(digest, LayerMediaTypes.OciTarGzip, path);
    }

    private static void AddFile(TarWriter writer, string name, byte[] data, int mode) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)mode, DataStream = new MemoryStream(data) });

    /// <summary>Half random, half zeros: compresses about 2:1 like executables do.</summary>
    private static byte[] Data(Random random, int size)
    {
        var data = new byte[size];
        random.NextBytes(data.AsSpan(0, size / 2));
        return data;
    }
}
