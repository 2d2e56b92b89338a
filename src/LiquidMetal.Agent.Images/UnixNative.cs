using System.Runtime.InteropServices;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// The few Linux calls System.IO lacks: hard links, ownership and times of a symlink itself (not its target),
/// syncing a whole filesystem or a directory entry, and the bytes a sparse file really occupies.
/// </summary>
internal static partial class UnixNative
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int OpenReadOnly = 0;
    private const uint StatxBlocks = 0x400;
    private const int StatxSize = 256;
    private const int StatxBlocksOffset = 48;

    /// <summary>Makes <paramref name="newPath"/> another name for <paramref name="existingPath"/> (a symlink is linked, not followed).</summary>
    public static void HardLink(string existingPath, string newPath) =>
        Check(Link(existingPath, newPath), $"link {newPath} to {existingPath}");

    /// <summary>Sets owner and group of the path itself (a symlink is not followed).</summary>
    public static void SetOwner(string path, int uid, int gid) =>
        Check(LChown(path, uid, gid), $"chown {path}");

    /// <summary>Sets access and modification time of the path itself (a symlink is not followed).</summary>
    public static void SetTimes(string path, DateTimeOffset modified)
    {
        var seconds = modified.ToUnixTimeSeconds();
        var nanoseconds = (modified.UtcTicks % TimeSpan.TicksPerSecond) * 100;
        Span<long> times = [seconds, nanoseconds, seconds, nanoseconds];
        Check(UtimensAt(AtFdCwd, path, times, AtSymlinkNoFollow), $"set times of {path}");
    }

    /// <summary>Flushes every dirty page of the filesystem holding <paramref name="path"/> (one call instead of an fsync per file).</summary>
    public static void SyncFileSystem(string path) => WithDescriptor(path, fd => SyncFs(fd), "syncfs");

    /// <summary>Makes a rename or a new entry in <paramref name="directory"/> durable.</summary>
    public static void SyncDirectory(string directory) => WithDescriptor(directory, fd => Fsync(fd), "fsync");

    /// <summary>Bytes the file occupies on disk (st_blocks × 512, as <c>du</c> counts): holes of a sparse file are not counted.</summary>
    public static long AllocatedBytes(string path)
    {
        // statx's layout is the same on every architecture (unlike struct stat); stx_blocks is at offset 48.
        Span<byte> buffer = stackalloc byte[StatxSize];
        Check(Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBlocks, buffer), $"statx {path}");
        return MemoryMarshal.Read<long>(buffer[StatxBlocksOffset..]) * 512;
    }

    private static void WithDescriptor(string path, Func<int, int> call, string what)
    {
        var fd = Open(path, OpenReadOnly);
        Check(fd, $"open {path}");
        try
        {
            Check(call(fd), $"{what} {path}");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), what);
        }
    }

    private static IOException Failure(int errno, string what) =>
        new($"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, int uid, int gid);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UtimensAt(int dirFd, string path, ReadOnlySpan<long> times, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, Span<byte> buffer);
}
