using System.Text;

namespace LiquidMetal.Agent.Linux.Console;

/// <summary>Reading a console log and its rotated predecessor (<c>console.log.old</c>) while a VMM appends to it.</summary>
internal static class ConsoleFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string OldPath(string consoleLogPath) => consoleLogPath + ".old";

    /// <summary>Opens for reading while others write, rename or delete it; null when it does not exist.</summary>
    public static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The last <paramref name="maxBytes"/> bytes of the log: the current file, preceded (when it is shorter and
    /// <paramref name="includeOld"/>) by the end of <c>.old</c>. <paramref name="cut"/> tells whether older bytes exist.
    /// </summary>
    public static async Task<(byte[] Bytes, bool Cut)> ReadTailAsync(string consoleLogPath, long maxBytes, bool includeOld, CancellationToken cancellationToken)
    {
        if (maxBytes <= 0)
        {
            return ([], false);
        }

        var (current, currentCut) = await ReadLastAsync(consoleLogPath, maxBytes, cancellationToken).ConfigureAwait(false);
        if (!includeOld || current.Length >= maxBytes)
        {
            return (current, currentCut);
        }

        var (old, oldCut) = await ReadLastAsync(OldPath(consoleLogPath), maxBytes - current.Length, cancellationToken).ConfigureAwait(false);
        return old.Length == 0 ? (current, oldCut) : ([.. old, .. current], oldCut);
    }

    /// <summary>The last <paramref name="maxBytes"/> bytes of one file (empty when missing) and whether earlier bytes were left out.</summary>
    public static async Task<(byte[] Bytes, bool Cut)> ReadLastAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var stream = TryOpen(path);
        if (stream is null)
        {
            return ([], false);
        }

        var length = stream.Length;
        var start = Math.Max(0, length - maxBytes);
        var buffer = new byte[length - start];
        var read = 0;
        while (read < buffer.Length)
        {
            // The file may shrink under us (copy-truncate): stop at its end.
            var n = await RandomAccess.ReadAsync(stream.SafeFileHandle, buffer.AsMemory(read), start + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return (read == buffer.Length ? buffer : buffer[..read], start > 0);
    }

    /// <summary>
    /// UTF-8 text with invalid bytes replaced by U+FFFD. When the bytes were cut from a longer log, continuation bytes
    /// of a character split by the cut are dropped first, so the text does not start with a replacement character.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, bool cut)
    {
        if (cut)
        {
            var skip = 0;
            while (skip < 3 && skip < bytes.Length && (bytes[skip] & 0xC0) == 0x80)
            {
                skip++;
            }

            bytes = bytes[skip..];
        }

        return Utf8.GetString(bytes);
    }
}
