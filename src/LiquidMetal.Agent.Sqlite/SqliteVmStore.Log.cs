using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Sqlite;

public sealed partial class SqliteVmStore
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Opening VM store {DatabasePath}")]
    private static partial void LogOpeningStore(ILogger logger, string databasePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating VM store schema from version {FromVersion} to {ToVersion}: {Description}")]
    private static partial void LogMigratingSchema(ILogger logger, int fromVersion, int toVersion, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving {VmCount} VMs from {DatabasePath} at revision {Revision}")]
    private static partial void LogStoreOpened(ILogger logger, string databasePath, int vmCount, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing VM store {DatabasePath}")]
    private static partial void LogClosingStore(ILogger logger, string databasePath);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failing {OperationCount} writes: their transaction did not commit")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int operationCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring a failed rollback of a failed write")]
    private static partial void LogRollbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading VMs after a failed write moved the database from revision {FromRevision} to {ToRevision}; ending watchers")]
    private static partial void LogReloadedAfterFailedWrite(ILogger logger, long fromRevision, long toRevision);

    [LoggerMessage(Level = LogLevel.Error, Message = "Keeping the in-memory VMs: reloading them after a failed write failed")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending a watcher more than {Capacity} changes behind at revision {Revision}")]
    private static partial void LogWatcherFellBehind(ILogger logger, long revision, int capacity);
}
