using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Linux.CloudInit;

public sealed partial class NoCloudSeedBuilder
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Building cloud-init seed {Path} with {Files} files")]
    private partial void LogBuilding(string path, int files);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Built cloud-init seed {Path} in {Milliseconds:F1} ms")]
    private partial void LogBuilt(string path, double milliseconds);
}
