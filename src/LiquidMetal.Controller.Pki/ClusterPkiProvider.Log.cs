using Microsoft.Extensions.Logging;

namespace LiquidMetal.Controller.Pki;

public sealed partial class ClusterPkiProvider
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Generating the PKI of cluster {Cluster} ({KeyAlgorithm} keys)")]
    private static partial void LogGenerating(ILogger logger, string cluster, KeyAlgorithm keyAlgorithm);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored the PKI of cluster {Cluster}: CA hash {CaCertHash}")]
    private static partial void LogStored(ILogger logger, string cluster, string caCertHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Keeping the PKI of cluster {Cluster} stored first by another generation: CA hash {CaCertHash}")]
    private static partial void LogKeptEarlier(ILogger logger, string cluster, string caCertHash);
}
