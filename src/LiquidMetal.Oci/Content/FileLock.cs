namespace LiquidMetal.Oci.Content;

/// <summary>
/// An exclusive advisory lock on a file, between processes (and between separate opens in one process): .NET takes
/// <c>flock(LOCK_EX|LOCK_NB)</c> for <see cref="FileShare.None"/> on Unix. Released on dispose or when the process dies.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static FileLock? TryAcquire(string path)
    {
        try
        {
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Waits (polling) until the lock is free.</summary>
    public static async Task<FileLock> AcquireAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryAcquire(path) is { } acquired)
            {
                return acquired;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    public void Dispose() => _stream.Dispose();
}
