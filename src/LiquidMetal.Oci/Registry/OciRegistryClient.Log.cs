using LiquidMetal.Oci.References;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Oci.Registry;

public sealed partial class OciRegistryClient
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying request to {Endpoint} after attempt {Attempt} failed: {Reason}")]
    private partial void LogRetrying(string endpoint, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming blob {Digest} from {Endpoint} at byte {Offset} of {Size}: {Reason}")]
    private partial void LogResuming(Digest digest, string endpoint, long offset, long size, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trying the next endpoint after {Endpoint} failed ({Code}): {Reason}")]
    private partial void LogEndpointFailed(string endpoint, OciErrorCode code, string reason);
}
