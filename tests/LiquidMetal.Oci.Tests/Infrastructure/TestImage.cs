using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>
/// An image built in memory: gzipped tar layers (skopeo keeps compressed layers as they are), a config and an OCI manifest (or a Docker v2 one), plus an
/// optional index over several of them. <see cref="Blobs"/> holds every blob by digest for pushing.
/// </summary>
public sealed class TestImage
{
    private static readonly string[] Entrypoint = ["/init"];
    private static readonly string[] Env = ["PATH=/bin"];

    private TestImage(Descriptor top, byte[] topBytes, IReadOnlyList<Descriptor> layers, Descriptor? config, Dictionary<Digest, byte[]> blobs)
    {
        Top = top;
        TopBytes = topBytes;
        Layers = layers;
        Config = config;
        Blobs = blobs;
    }

    /// <summary>What the tag points at: a manifest or an index.</summary>
    public Descriptor Top { get; }

    public byte[] TopBytes { get; }

    /// <summary>Layers of the single-platform image (empty for an index).</summary>
    public IReadOnlyList<Descriptor> Layers { get; }

    public Descriptor? Config { get; }

    /// <summary>Every blob and child manifest (not <see cref="TopBytes"/>).</summary>
    public IReadOnlyDictionary<Digest, byte[]> Blobs { get; }

    /// <summary>An image for linux/<paramref name="architecture"/> whose layers each hold one file.</summary>
    public static TestImage Create(string architecture, params (string Path, byte[] Content)[] layerFiles) =>
        Create(architecture, variant: null, dockerMediaTypes: false, layerFiles);

    public static TestImage Create(string architecture, string? variant, bool dockerMediaTypes, params (string Path, byte[] Content)[] layerFiles) =>
        Create(architecture, variant, dockerMediaTypes, gzip: true, layerFiles);

    /// <summary>Uncompressed tar layers (pushed through the HTTP API, which keeps them as they are): fast for big random content.</summary>
    public static TestImage CreateUncompressed(string architecture, params (string Path, byte[] Content)[] layerFiles) =>
        Create(architecture, null, false, gzip: false, layerFiles);

    private static TestImage Create(string architecture, string? variant, bool dockerMediaTypes, bool gzip, (string Path, byte[] Content)[] layerFiles)
    {
        var blobs = new Dictionary<Digest, byte[]>();
        var layers = new List<Descriptor>();
        var diffIds = new List<Digest>();
        foreach (var (path, content) in layerFiles)
        {
            var tar = Tar(path, content);
            diffIds.Add(Digest.ComputeSha256(tar));
            var layer = gzip ? Gzip(tar) : tar;
            var digest = Digest.ComputeSha256(layer);
            blobs[digest] = layer;
            var mediaType = !gzip ? MediaTypes.OciLayerTar : dockerMediaTypes ? MediaTypes.DockerLayerTarGzip : MediaTypes.OciLayerTarGzip;
            layers.Add(new Descriptor(mediaType, digest, layer.Length));
        }

        var configJson = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["variant"] = variant,
            ["created"] = "2026-01-02T03:04:05Z",
            ["config"] = new Dictionary<string, object> { ["Entrypoint"] = Entrypoint, ["Env"] = Env, ["Labels"] = new Dictionary<string, string> { ["arch"] = architecture } },
            ["rootfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diff_ids"] = diffIds.Select(d => d.ToString()).ToArray() },
        });
        var config = new Descriptor(dockerMediaTypes ? MediaTypes.DockerConfig : MediaTypes.OciConfig, Digest.ComputeSha256(configJson), configJson.Length);
        blobs[config.Digest] = configJson;
        var manifestType = dockerMediaTypes ? MediaTypes.DockerManifest : MediaTypes.OciManifest;
        var manifest = Json(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = manifestType,
            ["config"] = DescriptorJson(config),
            ["layers"] = layers.Select(DescriptorJson).ToArray(),
        });
        return new TestImage(new Descriptor(manifestType, Digest.ComputeSha256(manifest), manifest.Length), manifest, layers, config, blobs);
    }

    /// <summary>An index over platform images (their tops become its entries, with their platforms).</summary>
    public static TestImage Index(bool dockerMediaTypes, params TestImage[] images)
    {
        var blobs = new Dictionary<Digest, byte[]>();
        var entries = new List<object>();
        foreach (var image in images)
        {
            foreach (var (digest, bytes) in image.Blobs)
            {
                blobs[digest] = bytes;
            }

            blobs[image.Top.Digest] = image.TopBytes;
            var config = JsonDocument.Parse(image.Blobs[image.Config!.Digest]).RootElement;
            var platform = new Dictionary<string, string> { ["os"] = "linux", ["architecture"] = config.GetProperty("architecture").GetString()! };
            if (config.TryGetProperty("variant", out var variant) && variant.ValueKind == JsonValueKind.String)
            {
                platform["variant"] = variant.GetString()!;
            }

            var entry = DescriptorJson(image.Top);
            entry["platform"] = platform;
            entries.Add(entry);
        }

        var mediaType = dockerMediaTypes ? MediaTypes.DockerManifestList : MediaTypes.OciIndex;
        var index = Json(new Dictionary<string, object> { ["schemaVersion"] = 2, ["mediaType"] = mediaType, ["manifests"] = entries });
        return new TestImage(new Descriptor(mediaType, Digest.ComputeSha256(index), index.Length), index, [], null, blobs);
    }

    /// <summary>Writes an OCI image layout (oci-layout, index.json, blobs/) with the top tagged <paramref name="tag"/>, for skopeo.</summary>
    public void WriteLayout(string directory, string tag)
    {
        Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        foreach (var (digest, bytes) in Blobs.Append(new(Top.Digest, TopBytes)))
        {
            File.WriteAllBytes(Path.Combine(directory, "blobs", "sha256", digest.Hex), bytes);
        }

        var entry = DescriptorJson(Top);
        entry["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag };
        File.WriteAllBytes(Path.Combine(directory, "index.json"), Json(new Dictionary<string, object> { ["schemaVersion"] = 2, ["manifests"] = new[] { entry } }));
    }

    public static byte[] Tar(string path, byte[] content)
    {
        using var buffer = new MemoryStream(content.Length + 8192);
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content), ModificationTime = DateTimeOffset.UnixEpoch });
        }

        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static Dictionary<string, object> DescriptorJson(Descriptor descriptor) =>
        new() { ["mediaType"] = descriptor.MediaType, ["digest"] = descriptor.Digest.ToString(), ["size"] = descriptor.Size };

    private static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);
}
