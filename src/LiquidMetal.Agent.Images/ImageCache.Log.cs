using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Images;

public sealed partial class ImageCache
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Opened image cache {Directory} with {Count} artifacts")]
    private static partial void LogOpened(ILogger logger, string directory, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing {Path}, left by an interrupted build")]
    private partial void LogRemovingLeftover(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Building cache artifact {Key}")]
    private partial void LogBuilding(ArtifactKey key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built cache artifact {Key}: {SizeBytes} bytes on disk in {Milliseconds:0} ms")]
    private partial void LogBuilt(ArtifactKey key, long sizeBytes, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache artifact {Key} has lost its file {Path}; it will be rebuilt")]
    private partial void LogArtifactFileMissing(ArtifactKey key, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} cache references of VM {VmId}")]
    private partial void LogReleased(string vmId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned cache artifact {Key}, freeing {SizeBytes} bytes")]
    private partial void LogPruned(ArtifactKey key, long sizeBytes);
}
