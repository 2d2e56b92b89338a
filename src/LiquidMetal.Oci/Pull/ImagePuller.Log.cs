using LiquidMetal.Oci.References;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Oci.Pull;

public sealed partial class ImagePuller
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Pulling image {Reference}")]
    private partial void LogPulling(ImageReference reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled image {Reference} as {Digest}: {Layers} layers, {Bytes} bytes")]
    private partial void LogPulled(ImageReference reference, Digest digest, int layers, long bytes);
}
