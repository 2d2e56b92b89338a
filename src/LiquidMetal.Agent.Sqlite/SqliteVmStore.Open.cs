using System.Globalization;
using LiquidMetal.Core.Vms;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Sqlite;

public sealed partial class SqliteVmStore
{
    /// <summary>
    /// Opens (or creates) the database, takes its lock, applies pending schema migrations and loads every
    /// VM into memory.
    /// </summary>
    /// <exception cref="SqliteVmStoreException">
    /// The database is in use, has a newer schema, or holds a row that cannot be read (the message names its uid).
    /// </exception>
    public static Task<SqliteVmStore> OpenAsync(
        SqliteVmStoreOptions options,
        ILogger<SqliteVmStore> logger,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        return Task.Run(() => Open(options, logger, timeProvider, cancellationToken), cancellationToken);
    }

    private static SqliteVmStore Open(
        SqliteVmStoreOptions options,
        ILogger<SqliteVmStore> logger,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.DatabasePath);
        LogOpeningStore(logger, path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lockFile = AcquireLock(path);
        SqliteConnection? connection = null;
        try
        {
            connection = new SqliteConnection(WriterConnectionString(path, options));
            connection.Open();
            Configure(connection, options);
            cancellationToken.ThrowIfCancellationRequested();
            Migrate(connection, logger);
            var state = LoadState(connection);
            LogStoreOpened(logger, path, state.Count, state.Revision);
            return new SqliteVmStore(options, logger, timeProvider, path, lockFile, connection, state);
        }
        catch
        {
            connection?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes an exclusive lock on <c>&lt;database&gt;.lock</c> for as long as the store is open, so a
    /// second agent (or store) cannot write behind this one's in-memory state. The OS drops it when the
    /// process dies.
    /// </summary>
    private static FileStream AcquireLock(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new SqliteVmStoreException(
                SqliteVmStoreErrorCode.DatabaseInUse,
                $"The VM database {databasePath} is open in another store (lock file {lockPath})",
                e);
        }
    }

    private static string WriterConnectionString(string path, SqliteVmStoreOptions options) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = BusySeconds(options),
        }.ToString();

    private static string ReadConnectionString(string path, SqliteVmStoreOptions options) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = BusySeconds(options),
        }.ToString();

    private static int BusySeconds(SqliteVmStoreOptions options) => (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);

    private static void Configure(SqliteConnection connection, SqliteVmStoreOptions options)
    {
        var journalMode = Scalar(connection, "PRAGMA journal_mode = WAL");
        if (!string.Equals(journalMode as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is {journalMode})");
        }

        var busyMilliseconds = (long)options.BusyTimeout.TotalMilliseconds;
        Execute(connection, $"""
            PRAGMA synchronous = FULL;
            PRAGMA foreign_keys = ON;
            PRAGMA busy_timeout = {busyMilliseconds.ToString(CultureInfo.InvariantCulture)};
            PRAGMA wal_autocheckpoint = {WalCheckpointer.BackstopPages.ToString(CultureInfo.InvariantCulture)};
            """);
    }

    private static void Migrate(SqliteConnection connection, ILogger logger)
    {
        var current = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (current > SqliteSchema.LatestVersion)
        {
            throw new SqliteVmStoreException(
                SqliteVmStoreErrorCode.UnsupportedSchema,
                $"The VM database has schema version {current}; this build knows up to {SqliteSchema.LatestVersion}");
        }

        foreach (var migration in SqliteSchema.Migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            LogMigratingSchema(logger, current, migration.Version, migration.Description);
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = migration.Sql + $"\nPRAGMA user_version = {migration.Version.ToString(CultureInfo.InvariantCulture)};";
            command.ExecuteNonQuery();
            transaction.Commit();
            current = migration.Version;
        }
    }

    /// <summary>Reads every VM and the last revision ever assigned.</summary>
    private static VmStoreState LoadState(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var vms = new List<MicroVm>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT uid, namespace, id, version, spec_json, status_json, created_at, updated_at, deleted_at
                FROM vms
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                vms.Add(VmRecords.ReadVm(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetInt64(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }

        // sqlite_sequence remembers the highest revision ever inserted, even if those rows were trimmed.
        var revision = Convert.ToInt64(
            Scalar(connection, """
                SELECT max(
                    coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0),
                    coalesce((SELECT max(revision) FROM changes), 0))
                """, transaction),
            CultureInfo.InvariantCulture);
        transaction.Commit();
        return VmStoreState.Create(vms, revision);
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
