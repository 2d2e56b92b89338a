namespace LiquidMetal.Agent.Images;

/// <summary>One layer of an image as downloaded: its digest, its OCI/Docker media type and the verified blob on disk.</summary>
/// <param name="Digest">The blob's digest (<c>sha256:...</c>), for messages.</param>
/// <param name="MediaType">Says how the tar is compressed: plain, gzip or zstd.</param>
/// <param name="BlobPath">Absolute path of the blob file.</param>
public sealed record ImageLayer(string Digest, string MediaType, string BlobPath);
