using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// Builds an ext4 disk image from a root directory with <c>mkfs.ext4 -d</c>: no mount, no loop device, no
/// privileges beyond reading the tree (ownership is copied from the files). The file is written under a temporary
/// name, fsynced and renamed, so a crash leaves either no image or a whole one. UUID, directory hash seed and the
/// timestamps mkfs stamps are derived from the image digest or fixed, so builds of one image agree.
/// </summary>
public sealed partial class Ext4VolumeBuilder
{
    private const long MiB = 1024 * 1024;
    private const long BlockSize = 4096;
    private const long DefaultBytesPerInode = 16384;

    private readonly Ext4VolumeOptions _options;
    private readonly ILogger<Ext4VolumeBuilder> _logger;

    public Ext4VolumeBuilder(Ext4VolumeOptions options, ILogger<Ext4VolumeBuilder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Builds <paramref name="targetPath"/> from <paramref name="rootDirectory"/>, of
    /// max(<paramref name="requestedSizeMiB"/>, content × headroom + slack) MiB. Replaces an existing target.
    /// </summary>
    /// <exception cref="ImagesException"><see cref="ImagesErrorCode.ToolFailed"/> with mkfs's message, or <see cref="ImagesErrorCode.ToolNotInstalled"/>.</exception>
    public async Task<Ext4Volume> BuildAsync(string rootDirectory, string targetPath, int requestedSizeMiB, string imageDigest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        ArgumentException.ThrowIfNullOrEmpty(imageDigest);
        ArgumentOutOfRangeException.ThrowIfNegative(requestedSizeMiB);
        var root = Path.GetFullPath(rootDirectory);
        var target = Path.GetFullPath(targetPath);
        var (contentBytes, entries) = await Task.Run(() => MeasureTree(root), cancellationToken).ConfigureAwait(false);
        var sizeMiB = SizeMiB(requestedSizeMiB, contentBytes);
        var sizeBytes = sizeMiB * MiB;
        var inodes = Math.Max(entries + (entries / 4) + 1024, sizeBytes / DefaultBytesPerInode);
        var uuid = DerivedGuid("uuid", imageDigest);

        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temporary = $"{target}.tmp-{Guid.NewGuid():N}";
        LogBuilding(target, root, sizeMiB, contentBytes);
        try
        {
            string[] argv =
            [
                _options.MkfsPath, "-q", "-F", "-t", "ext4", "-b", BlockSize.ToString(CultureInfo.InvariantCulture),
                "-N", inodes.ToString(CultureInfo.InvariantCulture),
                "-U", uuid.ToString(),
                "-E", $"hash_seed={DerivedGuid("hash-seed", imageDigest)},root_owner=0:0",
                "-d", root, temporary, $"{sizeMiB.ToString(CultureInfo.InvariantCulture)}M",
            ];
            var environment = new Dictionary<string, string>
            {
                ["E2FSPROGS_FAKE_TIME"] = _options.FixedTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            };
            var (exitCode, errors) = await ToolProcess.RunAsync(argv, environment, _options.ToolTimeout, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new ImagesException(ImagesErrorCode.ToolFailed,
                    $"mkfs.ext4 could not build {target} from {root} (exit {exitCode}): {(errors.Length == 0 ? "(no message)" : errors)}");
            }

            using (var handle = File.OpenHandle(temporary, FileMode.Open, FileAccess.ReadWrite))
            {
                RandomAccess.FlushToDisk(handle);
            }

            File.Move(temporary, target, overwrite: true);
            UnixNative.SyncDirectory(directory);
            var allocated = UnixNative.AllocatedBytes(target);
            LogBuilt(target, allocated);
            return new Ext4Volume(target, sizeBytes, allocated, uuid, contentBytes, entries);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>max(requested, content × headroom + slack), in whole MiB.</summary>
    internal long SizeMiB(int requestedSizeMiB, long contentBytes)
    {
        var needed = (long)Math.Ceiling(((contentBytes * _options.Headroom) + (_options.SlackMiB * MiB)) / MiB);
        return Math.Max(requestedSizeMiB, needed);
    }

    /// <summary>A stable GUID from the image digest, so rebuilding one image gives the same filesystem identity.</summary>
    internal static Guid DerivedGuid(string purpose, string imageDigest)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"liquidmetal/ext4/{purpose}/{imageDigest}"));
        hash[7] = (byte)((hash[7] & 0x0F) | 0x40); // version 4 layout, as mkfs would make
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>Space the tree needs as ext4 would store it (files rounded up to blocks, a block per directory), and its entry count.</summary>
    private static (long Bytes, long Entries) MeasureTree(string root)
    {
        long bytes = BlockSize, entries = 1;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
        {
            entries++;
            if (info.LinkTarget is { } link)
            {
                bytes += link.Length < 60 ? 0 : BlockSize; // short symlinks live in the inode
            }
            else if (info is FileInfo file)
            {
                bytes += (file.Length + BlockSize - 1) / BlockSize * BlockSize;
            }
            else
            {
                bytes += BlockSize;
            }
        }

        return (bytes, entries);
    }
}
