using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Images;

public sealed partial class OciImageStore
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned images: {Artifacts} artifacts ({ArtifactBytes} bytes) and {BlobBytes} bytes of blobs freed, {RemainingBytes} bytes remain")]
    private partial void LogPruned(int artifacts, long artifactBytes, long blobBytes, long remainingBytes);
}
