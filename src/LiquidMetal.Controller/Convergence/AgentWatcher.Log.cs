using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Convergence;

internal sealed partial class AgentWatcher
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent of host {Host} at {Address} is unreachable ({Code}): {Reason}; retrying with backoff")]
    private static partial void LogAgentUnreachable(ILogger logger, string host, string address, HostAgentErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching agent of host {Host}: {Count} VMs at revision {Revision}")]
    private static partial void LogAgentSynced(ILogger logger, string host, int count, long revision);
}
