using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Git;

/// <summary>
/// Collects the manifest files of one snapshot: which names count, the limits, strict UTF-8 decoding,
/// path order, and a content revision for sources without one of their own.
/// </summary>
internal sealed class ManifestSet(ManifestLimits limits, string sourceName)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private long _totalBytes;
    private int _count;

    /// <summary>*.yaml and *.yml files, and no file or directory whose name starts with '.' (.git, .github, editor files).</summary>
    public static bool IsManifest(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var segments = relativePath.Split('/');
        return !segments.Any(s => s.StartsWith('.'))
            && (relativePath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || relativePath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsHidden(string name) => name.StartsWith('.');

    /// <summary>Counts a file against the limits before it is read.</summary>
    public void Reserve(string relativePath, long size)
    {
        if (++_count > limits.MaxFiles)
        {
            throw new DesiredStateException(DesiredStateErrorCode.LimitExceeded,
                $"{sourceName} has more than {limits.MaxFiles} manifest files; split the fleet or raise the limit (MaxFiles)");
        }

        if (size > limits.MaxFileBytes)
        {
            throw new DesiredStateException(DesiredStateErrorCode.LimitExceeded,
                $"{sourceName}: {relativePath} is {size} bytes, more than the {limits.MaxFileBytes}-byte limit per manifest; split it or raise MaxFileBytes");
        }

        _totalBytes += size;
        if (_totalBytes > limits.MaxTotalBytes)
        {
            throw new DesiredStateException(DesiredStateErrorCode.LimitExceeded,
                $"{sourceName}: the manifests add up to more than {limits.MaxTotalBytes} bytes (at {relativePath}); raise MaxTotalBytes or trim the source");
        }
    }

    public void Add(string relativePath, byte[] content)
    {
        if (content.LongLength > limits.MaxFileBytes)
        {
            // The file grew after it was measured.
            Reserve(relativePath, content.LongLength);
        }

        _files[relativePath] = content;
    }

    /// <summary>"sha256:" over every path and content in order: equal sets of files give equal revisions.</summary>
    public string ContentRevision()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var (path, content) in _files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path));
            BinaryPrimitives.WriteInt64BigEndian(length, content.LongLength);
            hash.AppendData([0]);
            hash.AppendData(length);
            hash.AppendData(content);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public DesiredStateSnapshot ToSnapshot(string revision, DesiredStateOrigin origin) =>
        new(revision, origin, [.. _files.Select(f => new ManifestFile(f.Key, Decode(f.Key, f.Value)))]);

    private string Decode(string relativePath, byte[] content)
    {
        try
        {
            var text = StrictUtf8.GetString(content);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            throw new DesiredStateException(DesiredStateErrorCode.UnsafeFile,
                $"{sourceName}: {relativePath} is not UTF-8 text; save it as UTF-8", e);
        }
    }
}
