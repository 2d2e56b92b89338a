using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.Console;

/// <summary>
/// Streams a console log like <c>tail -c N -F</c>: first what is there (all of it, or the last N bytes, reaching into
/// <c>.old</c> when the current file is shorter), then, when following, new bytes as the VMM appends them. Polls every
/// <see cref="ConsoleOptions.FollowPollInterval"/>. A truncation (copy-truncate) restarts at offset 0; a rotation
/// (the file renamed to .old, a new one made) drains the old file and then restarts at offset 0 of the new one.
/// Ends, without an exception, when the token is cancelled.
/// </summary>
public sealed class ConsoleFollower
{
    private const int ChunkBytes = 64 * 1024;

    private readonly ConsoleOptions _options;
    private readonly TimeProvider _time;

    public ConsoleFollower(IOptions<ConsoleOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _time = time;
    }

    /// <param name="tailBytes">Start this many bytes before the end; null: from the start of <c>.old</c>.</param>
    /// <param name="follow">Keep yielding new output until cancelled; false: end after what is there now.</param>
    public async IAsyncEnumerable<byte[]> FollowAsync(
        string consoleLogPath, long? tailBytes, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consoleLogPath);
        if (tailBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tailBytes), "Must not be negative");
        }

        OpenLog? log = null;
        try
        {
            log = OpenLog.TryOpen(consoleLogPath);
            var length = log?.Length ?? 0;
            var fromOld = tailBytes is { } tail ? tail - length : long.MaxValue;
            if (fromOld > 0)
            {
                var (old, _) = await ConsoleFiles.ReadLastAsync(ConsoleFiles.OldPath(consoleLogPath), fromOld, CancellationToken.None).ConfigureAwait(false);
                for (var offset = 0; offset < old.Length; offset += ChunkBytes)
                {
                    yield return old[offset..Math.Min(old.Length, offset + ChunkBytes)];
                }
            }

            if (log is not null && tailBytes is { } t)
            {
                log.Position = Math.Max(0, length - t);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                log ??= OpenLog.TryOpen(consoleLogPath);
                if (log is not null)
                {
                    if (log.Length < log.Position)
                    {
                        log.Position = 0;
                    }

                    // Local file reads are short: they are not cancelled midway, so cancellation always ends the stream quietly.
                    while (await log.ReadChunkAsync(ChunkBytes, CancellationToken.None).ConfigureAwait(false) is { } chunk)
                    {
                        yield return chunk;
                    }

                    if (log.IsReplaced())
                    {
                        // Drained above; the next round opens the new file (if there is one yet) at offset 0.
                        log.Dispose();
                        log = null;
                        continue;
                    }
                }

                if (!follow || !await DelayAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }
            }
        }
        finally
        {
            log?.Dispose();
        }
    }

    private async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_options.FollowPollInterval, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
