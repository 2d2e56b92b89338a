using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Bench;

/// <summary>
/// Writes an OCI image layout with incompressible layers: each a gzip (stored blocks: random data does not compress,
/// and gzip keeps skopeo from recompressing on push) of a tar holding one random file.
/// </summary>
public static class BenchImage
{
    public static IReadOnlyList<Descriptor> WriteLayout(string directory, string tag, int layers, int layerMiB)
    {
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var descriptors = new List<Descriptor>();
        var diffIds = new List<string>();
        for (var i = 0; i < layers; i++)
        {
            var temp = Path.Combine(directory, $"layer{i}.tmp");
            var diffId = WriteLayer(temp, $"data{i}.bin", layerMiB);
            var digest = HashFile(temp);
            File.Move(temp, Path.Combine(blobs, digest.Hex));
            descriptors.Add(new Descriptor(MediaTypes.OciLayerTarGzip, digest, new FileInfo(Path.Combine(blobs, digest.Hex)).Length));
            diffIds.Add(diffId.ToString());
        }

        var config = JsonSerializer.SerializeToUtf8Bytes(new { architecture = "amd64", os = "linux", rootfs = new { type = "layers", diff_ids = diffIds } });
        var configDescriptor = Write(blobs, MediaTypes.OciConfig, config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.OciManifest,
            config = Json(configDescriptor),
            layers = descriptors.Select(Json).ToArray(),
        });
        var manifestDescriptor = Write(blobs, MediaTypes.OciManifest, manifest);
        var index = new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new[] { new Dictionary<string, object>(Json(manifestDescriptor)) { ["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag } } },
        };
        File.WriteAllBytes(Path.Combine(directory, "index.json"), JsonSerializer.SerializeToUtf8Bytes(index));
        return descriptors;
    }

    private static Digest WriteLayer(string path, string name, int mib)
    {
        using var tar = new MemoryStream();
        var data = new byte[mib * 1024 * 1024];
        RandomNumberGenerator.Fill(data);
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        }

        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.NoCompression))
        {
            tar.Position = 0;
            tar.CopyTo(gzip);
        }

        return Digest.ComputeSha256(tar.ToArray());
    }

    private static Digest HashFile(string path)
    {
        using var file = File.OpenRead(path);
        return Digest.FromHash(Digest.Sha256, SHA256.HashData(file));
    }

    private static Descriptor Write(string blobs, string mediaType, byte[] content)
    {
        var digest = Digest.ComputeSha256(content);
        File.WriteAllBytes(Path.Combine(blobs, digest.Hex), content);
        return new Descriptor(mediaType, digest, content.Length);
    }

    private static Dictionary<string, object> Json(Descriptor d) =>
        new() { ["mediaType"] = d.MediaType, ["digest"] = d.Digest.ToString(), ["size"] = d.Size };
}
