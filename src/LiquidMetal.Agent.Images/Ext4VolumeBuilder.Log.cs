using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Images;

public sealed partial class Ext4VolumeBuilder
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Building ext4 volume {Target} from {Root}: {SizeMiB} MiB for {ContentBytes} bytes of content")]
    private partial void LogBuilding(string target, string root, long sizeMiB, long contentBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built ext4 volume {Target}: {AllocatedBytes} bytes allocated")]
    private partial void LogBuilt(string target, long allocatedBytes);
}
