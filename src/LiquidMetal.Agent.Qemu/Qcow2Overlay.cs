using System.Buffers.Binary;
using System.Text;

namespace LiquidMetal.Agent.Qemu;

/// <summary>
/// Writes an empty qcow2 (version 3) overlay on a raw backing file in-process: what <c>qemu-img create -f qcow2
/// -F raw -b BASE</c> makes, without starting a process (two processes were most of a VM disk's cost on a busy
/// host). Layout, 64 KiB clusters: 0 header + backing-format extension + backing file name, 1 refcount table,
/// 2 refcount block (16-bit counts; clusters 0-3 used once), 3 L1 table (all zero: every read goes to the base).
/// Format: QEMU's docs/interop/qcow2.txt.
/// </summary>
internal static class Qcow2Overlay
{
    private const int ClusterBits = 16;
    private const int ClusterSize = 1 << ClusterBits;
    private const int HeaderLength = 104;
    private const uint BackingFormatExtension = 0xE2792ACA;
    private const int MaxBackingNameBytes = 1023;

    /// <summary>What one L1 cluster covers (8192 entries × 512 MiB); bigger overlays are left to qemu-img.</summary>
    public const long MaxVirtualSize = 4L << 40;

    /// <summary>The overlay's bytes up to its L1 table (the rest of the file is zeros: sparse).</summary>
    /// <param name="backingPath">Absolute path of the raw base.</param>
    /// <param name="virtualSize">Guest-visible size in bytes (at least the base's).</param>
    public static (byte[] Head, long FileLength) Build(string backingPath, long virtualSize)
    {
        var name = Encoding.UTF8.GetBytes(backingPath);
        if (name.Length is 0 or > MaxBackingNameBytes)
        {
            throw new ArgumentException($"A qcow2 backing file name must be 1..{MaxBackingNameBytes} bytes: {backingPath}", nameof(backingPath));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(virtualSize);
        var bytesPerL1Entry = 1L << (ClusterBits + ClusterBits - 3); // one L2 table of 8-byte entries: 512 MiB
        var l1Entries = (virtualSize + bytesPerL1Entry - 1) / bytesPerL1Entry;
        if (l1Entries > ClusterSize / 8)
        {
            throw new ArgumentOutOfRangeException(nameof(virtualSize), virtualSize, "Overlays above 4 TiB are made by qemu-img");
        }

        const long refcountTable = 1L * ClusterSize;
        const long refcountBlock = 2L * ClusterSize;
        const long l1Table = 3L * ClusterSize;
        var head = new byte[3 * ClusterSize];
        var h = head.AsSpan();
        ReadOnlySpan<byte> magic = [(byte)'Q', (byte)'F', (byte)'I', 0xfb];
        magic.CopyTo(h);
        BinaryPrimitives.WriteUInt32BigEndian(h[4..], 3);                       // version
        var extensions = HeaderLength;
        var format = "raw"u8;
        BinaryPrimitives.WriteUInt32BigEndian(h[extensions..], BackingFormatExtension);
        BinaryPrimitives.WriteUInt32BigEndian(h[(extensions + 4)..], (uint)format.Length);
        format.CopyTo(h[(extensions + 8)..]);
        var end = extensions + 8 + 8;                                           // "raw" padded to 8
        // End-of-extensions marker: 8 zero bytes at `end` (already zero).
        var backingOffset = end + 8;
        name.CopyTo(h[backingOffset..]);
        BinaryPrimitives.WriteUInt64BigEndian(h[8..], (ulong)backingOffset);    // backing_file_offset
        BinaryPrimitives.WriteUInt32BigEndian(h[16..], (uint)name.Length);      // backing_file_size
        BinaryPrimitives.WriteUInt32BigEndian(h[20..], ClusterBits);
        BinaryPrimitives.WriteUInt64BigEndian(h[24..], (ulong)virtualSize);
        BinaryPrimitives.WriteUInt32BigEndian(h[36..], (uint)l1Entries);        // l1_size
        BinaryPrimitives.WriteUInt64BigEndian(h[40..], l1Table);
        BinaryPrimitives.WriteUInt64BigEndian(h[48..], refcountTable);
        BinaryPrimitives.WriteUInt32BigEndian(h[56..], 1);                      // refcount_table_clusters
        BinaryPrimitives.WriteUInt32BigEndian(h[96..], 4);                      // refcount_order: 16-bit
        BinaryPrimitives.WriteUInt32BigEndian(h[100..], HeaderLength);
        BinaryPrimitives.WriteUInt64BigEndian(h[(int)refcountTable..], refcountBlock);
        for (var cluster = 0; cluster < 4; cluster++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(h[((int)refcountBlock + (cluster * 2))..], 1);
        }

        return (head, l1Table + ClusterSize);
    }

    /// <summary>Writes the overlay to <paramref name="path"/> (a new file) and flushes it to disk.</summary>
    public static void Write(string path, string backingPath, long virtualSize)
    {
        var (head, length) = Build(backingPath, virtualSize);
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        RandomAccess.Write(file, head, 0);
        RandomAccess.SetLength(file, length);
        RandomAccess.FlushToDisk(file);
    }
}
