using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Linux.Console;

public sealed partial class ConsoleLogFile
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Rotating console log {Path} to .old for a new VMM")]
    private partial void LogRotating(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moving console log {Path} to .old and truncating it: {Bytes} bytes is over the cap of {MaxBytes}")]
    private partial void LogCapping(string path, long bytes, long maxBytes);
}
