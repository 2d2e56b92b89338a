using Microsoft.Extensions.Logging;

namespace LiquidMetal.Controller.Sqlite;

public sealed partial class SqliteControllerStore
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the controller database {Path}")]
    private static partial void LogStoreOpened(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating the controller database {Path} to schema version {Version}: {Description}")]
    private static partial void LogMigrating(ILogger logger, string path, int version, string description);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controller database {Path} failed with SQLite error {Code}")]
    private static partial void LogStorageFailed(ILogger logger, string path, int code, Exception exception);
}
