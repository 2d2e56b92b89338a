using LiquidMetal.Controller.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Controller.Git;

public abstract partial class PollingDesiredStateSource
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading desired state from {Origin} failed (keeping revision {Revision}): {Code}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, DesiredStateOrigin origin, string revision, DesiredStateErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Desired state from {Origin} is at revision {Revision} ({Count} manifest files)")]
    private static partial void LogNewRevision(ILogger logger, DesiredStateOrigin origin, string revision, int count);
}
