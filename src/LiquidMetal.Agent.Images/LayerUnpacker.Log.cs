using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Images;

public sealed partial class LayerUnpacker
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Unpacking {LayerCount} layers into {Target}")]
    private partial void LogUnpacking(int layerCount, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unpacked {Target}: {Entries} entries, {FileBytes} bytes of files")]
    private partial void LogUnpacked(string target, long entries, long fileBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Count} device nodes and fifos while unpacking {Target}")]
    private partial void LogSkippedSpecialFiles(int count, string target);
}
