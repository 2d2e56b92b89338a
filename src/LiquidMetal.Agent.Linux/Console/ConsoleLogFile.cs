using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.Console;

/// <summary>
/// A VM's serial console log file (written by the VMM with O_APPEND) and its predecessor <c>console.log.old</c>.
/// <see cref="Rotate"/> starts a fresh file per VMM process; <see cref="EnforceCap"/> bounds the file like
/// logrotate's copytruncate: the VMM keeps its descriptor and, appending, goes on at the new end.
/// </summary>
public sealed partial class ConsoleLogFile : IConsoleLog
{
    private readonly ConsoleOptions _options;
    private readonly ILogger<ConsoleLogFile> _logger;

    public ConsoleLogFile(IOptions<ConsoleOptions> options, ILogger<ConsoleLogFile> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
    }

    public async Task<string> ReadTailAsync(string consoleLogPath, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consoleLogPath);
        var (bytes, cut) = await ConsoleFiles.ReadTailAsync(consoleLogPath, maxBytes, includeOld: true, cancellationToken).ConfigureAwait(false);
        return ConsoleFiles.Decode(bytes, cut);
    }

    public async Task<string> ReadCurrentAsync(string consoleLogPath, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consoleLogPath);
        var (bytes, cut) = await ConsoleFiles.ReadTailAsync(consoleLogPath, maxBytes, includeOld: false, cancellationToken).ConfigureAwait(false);
        return ConsoleFiles.Decode(bytes, cut);
    }

    public void Rotate(string consoleLogPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(consoleLogPath);
        if (File.Exists(consoleLogPath))
        {
            LogRotating(consoleLogPath);
            File.Move(consoleLogPath, ConsoleFiles.OldPath(consoleLogPath), overwrite: true);
        }
    }

    public void EnforceCap(string consoleLogPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(consoleLogPath);
        var info = new FileInfo(consoleLogPath);
        if (!info.Exists || info.Length <= _options.MaxBytes)
        {
            return;
        }

        LogCapping(consoleLogPath, info.Length, _options.MaxBytes);
        var old = ConsoleFiles.OldPath(consoleLogPath);
        var temporary = old + ".tmp";
        using (var current = new FileStream(consoleLogPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        using (var copy = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.Read))
        {
            // Copy up to the end, then truncate right away: only what the VMM writes between the last read and the
            // truncation is lost (logrotate's copytruncate has the same window, here it is microseconds).
            current.CopyTo(copy);
            current.SetLength(0);
        }

        File.Move(temporary, old, overwrite: true);
    }
}
