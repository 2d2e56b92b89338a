using LiquidMetal.Oci.References;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Oci.Content;

public sealed partial class BlobStore
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored blob {Digest} ({Size} bytes)")]
    private partial void LogStored(Digest digest, long size);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing stale temp file {Path} left by an interrupted download")]
    private partial void LogRemovingStale(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing blob {Digest}: it has {Actual} bytes, its descriptor says {Expected}")]
    private partial void LogSizeMismatch(Digest digest, long actual, long expected);
}
