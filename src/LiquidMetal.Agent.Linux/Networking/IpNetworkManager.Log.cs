using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Linux.Networking;

public sealed partial class IpNetworkManager
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Creating tap {Name} on bridge {Bridge} in {Where}")]
    private partial void LogCreatingTap(string name, string bridge, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating macvtap {Name} on {Parent} in {Where}")]
    private partial void LogCreatingMacvtap(string name, string parent, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replacing {Name}: it is a {Kind}, a {Wanted} is needed")]
    private partial void LogReplacing(string name, string kind, string wanted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing {Kind} {Name} in {Where}")]
    private partial void LogRemoving(string name, string kind, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bridge {Bridge} in {Where} is down: guests on it have no network until it is set up")]
    private partial void LogBridgeDown(string bridge, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "Made device node tap{Index} for macvtap {Name} (udev did not)")]
    private partial void LogMadeDeviceNode(int index, string name);
}
