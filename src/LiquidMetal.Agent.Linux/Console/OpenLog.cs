namespace LiquidMetal.Agent.Linux.Console;

/// <summary>
/// A console log held open by a follower, with its read position. It notices being replaced (renamed to .old or
/// deleted, while a new file may take its name) through /proc/self/fd: the kernel reports where the open file is now.
/// </summary>
internal sealed class OpenLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _openedAs;

    private OpenLog(FileStream stream, string openedAs)
    {
        _stream = stream;
        _openedAs = openedAs;
    }

    public long Position { get; set; }

    public long Length => _stream.Length;

    public static OpenLog? TryOpen(string path)
    {
        var stream = ConsoleFiles.TryOpen(path);
        if (stream is null)
        {
            return null;
        }

        return new OpenLog(stream, CurrentName(stream) ?? Path.GetFullPath(path));
    }

    /// <summary>The next bytes from <see cref="Position"/> (at most <paramref name="maxBytes"/>), or null at the end.</summary>
    public async Task<byte[]?> ReadChunkAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var available = _stream.Length - Position;
        if (available <= 0)
        {
            return null;
        }

        var buffer = new byte[Math.Min(maxBytes, available)];
        var n = await RandomAccess.ReadAsync(_stream.SafeFileHandle, buffer, Position, cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            return null;
        }

        Position += n;
        return n == buffer.Length ? buffer : buffer[..n];
    }

    /// <summary>True when the file we hold is no longer at the name we opened it by.</summary>
    public bool IsReplaced() => CurrentName(_stream) is { } now && now != _openedAs;

    public void Dispose() => _stream.Dispose();

    private static string? CurrentName(FileStream stream)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
