using System.Runtime.InteropServices;

namespace LiquidMetal.Oci.Content;

/// <summary>fsync of a directory, so a rename into it survives a power loss (.NET has no API for it).</summary>
internal static partial class DirectorySync
{
    // O_RDONLY: enough to open a directory for fsync (O_DIRECTORY's value differs between architectures).
    private const int ReadOnly = 0;

    public static void Sync(string directory)
    {
        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
