using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Convergence;

internal sealed partial class FleetConverger
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refusing desired state {Revision} from {Origin}: {Count} errors")]
    private static partial void LogDesiredStateRefused(ILogger logger, string revision, string origin, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying desired state {Revision} from {Origin} as generation {Generation}")]
    private static partial void LogDesiredStateApplied(ILogger logger, string revision, string origin, long generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Converging generation {Generation}: {Actions} actions, {Waiting} waiting")]
    private static partial void LogRound(ILogger logger, long generation, int actions, int waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating VM {VmId} for {Cluster}/{Node} on {Host}: {Reason}")]
    private static partial void LogCreatingVm(ILogger logger, string vmId, string cluster, string node, string host, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleting VM {VmId} of {Cluster}/{Node} on {Host}: {Reason}")]
    private static partial void LogDeletingVm(ILogger logger, string vmId, string cluster, string node, string host, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Creates} creates wait: {Booting} VMs booting, at most {MaxBooting} at a time")]
    private static partial void LogCreatesWaiting(ILogger logger, int creates, int booting, int maxBooting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marking host {Host} failed: {Reason}")]
    private static partial void LogHostFailed(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Marking host {Host} recovered")]
    private static partial void LogHostRecovered(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rendered the bootstrap of {Node}: {Action}")]
    private static partial void LogRenderedBootstrap(ILogger logger, string node, LiquidMetal.Controller.Core.Bootstrap.BootstrapAction action);

    [LoggerMessage(Level = LogLevel.Information, Message = "VM {VmId} already exists on {Host} (a create repeated after a restart): taking it as created")]
    private static partial void LogCreateFoundExisting(ILogger logger, string vmId, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgetting the PKI of cluster {Cluster}: {Reason}")]
    private static partial void LogForgettingPki(ILogger logger, string cluster, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {Action} ({Code}): {Reason}; the next round retries")]
    private static partial void LogActionFailed(ILogger logger, string action, HostAgentErrorCode code, string reason);
}
