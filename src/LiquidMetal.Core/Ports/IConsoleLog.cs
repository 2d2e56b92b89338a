namespace LiquidMetal.Core.Ports;

/// <summary>Reads a VM's size-capped serial console log.</summary>
public interface IConsoleLog
{
    /// <summary>The last <paramref name="maxBytes"/> bytes of console output, across the rotated file (empty if none yet).</summary>
    Task<string> ReadTailAsync(string consoleLogPath, int maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// The last <paramref name="maxBytes"/> bytes of the current file only (not the rotated .old one): what the
    /// running VMM has printed since <see cref="Rotate"/>, used to detect this boot's readiness signal.
    /// </summary>
    Task<string> ReadCurrentAsync(string consoleLogPath, int maxBytes, CancellationToken cancellationToken);

    /// <summary>Starts a fresh log for a new VMM process (keeps the previous one as .old).</summary>
    void Rotate(string consoleLogPath);

    /// <summary>Bounds the log to its cap (copy-truncate); called periodically.</summary>
    void EnforceCap(string consoleLogPath);
}
