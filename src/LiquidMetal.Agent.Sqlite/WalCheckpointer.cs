using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>
/// Copies the WAL back into the database on its own connection and thread, so the copy and its fsync do
/// not land inside a caller's commit (SQLite's auto-checkpoint runs inside the COMMIT that crosses its
/// threshold). Passive: it never blocks the writer. The writer connection keeps a high auto-checkpoint as
/// a backstop that bounds the WAL if writes never pause long enough for the WAL to restart.
/// </summary>
internal sealed partial class WalCheckpointer : IDisposable
{
    /// <summary>Committed batches between checkpoint requests.</summary>
    public const int BatchesPerCheckpoint = 64;

    /// <summary>WAL pages at which the writer checkpoints by itself (SQLite's default is 1,000).</summary>
    public const int BackstopPages = 8_000;

    private readonly SqliteConnection _connection;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _requested = new(0, 1);
    private readonly Thread _thread;
    private volatile bool _stopping;

    public WalCheckpointer(string connectionString, ILogger logger)
    {
        _logger = logger;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var command = _connection.CreateCommand())
        {
            // FULL: the checkpoint syncs the WAL before copying and the database after.
            command.CommandText = "PRAGMA synchronous = FULL;";
            command.ExecuteNonQuery();
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "SqliteVmStore checkpointer" };
        _thread.Start();
    }

    /// <summary>Asks for a checkpoint; requests made while one is pending or running fold into one.</summary>
    public void Request()
    {
        try
        {
            _requested.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already requested.
        }
    }

    public void Dispose()
    {
        _stopping = true;
        Request();
        _thread.Join();
        _connection.Dispose();
        _requested.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _requested.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    var walPages = reader.GetInt64(1);
                    var checkpointedPages = reader.GetInt64(2);
                    LogCheckpointed(_logger, walPages, checkpointedPages);
                }
            }
            catch (SqliteException e)
            {
                LogCheckpointFailed(_logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Checkpointed {CheckpointedPages} of {WalPages} WAL pages")]
    private static partial void LogCheckpointed(ILogger logger, long walPages, long checkpointedPages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving the WAL to the writer's checkpoint: a background checkpoint failed")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
