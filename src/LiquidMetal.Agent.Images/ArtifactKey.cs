using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// Names a derived artifact by what it is derived from: a volume by (manifest digest, size in MiB), a file by
/// (manifest digest, path in the image). Equal keys are the same bytes, so every VM shares one copy.
/// </summary>
public sealed record ArtifactKey(ArtifactKind Kind, string ManifestDigest, string Detail)
{
    public static ArtifactKey Volume(string manifestDigest, int sizeMiB)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestDigest);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeMiB);
        return new(ArtifactKind.Volume, manifestDigest, sizeMiB.ToString(CultureInfo.InvariantCulture));
    }

    public static ArtifactKey File(string manifestDigest, string imagePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestDigest);
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        return new(ArtifactKind.File, manifestDigest, string.Join('/', imagePath.Split('/', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>The artifact's file name in the cache: a hash of the key, so no part of it (a path) reaches the file system.</summary>
    public string FileName =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToString()))) + (Kind == ArtifactKind.Volume ? ".ext4" : ".file");

    public override string ToString() =>
        $"{(Kind == ArtifactKind.Volume ? "volume" : "file")}:{ManifestDigest}:{Detail}";
}
