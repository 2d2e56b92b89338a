using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Controller.Sqlite;

public sealed partial class SqliteControllerStore
{
    /// <summary>Opens (or creates) the database, takes its lock file and applies pending migrations.</summary>
    /// <exception cref="ControllerStoreException">In use by another controller, from a newer controller, or unreadable.</exception>
    public static Task<SqliteControllerStore> OpenAsync(SqliteControllerStoreOptions options, ILogger<SqliteControllerStore> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        return Task.Run(() => Open(options, logger), cancellationToken);
    }

    private static SqliteControllerStore Open(SqliteControllerStoreOptions options, ILogger logger)
    {
        var path = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lockFile = AcquireLock(path);
        SqliteConnection? connection = null;
        try
        {
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
            }.ToString());
            connection.Open();
            Configure(connection, options);
            Migrate(connection, path, logger);
            LogStoreOpened(logger, path);
            return new SqliteControllerStore(options, logger, path, lockFile, connection);
        }
        catch (SqliteException e)
        {
            connection?.Dispose();
            lockFile.Dispose();
            throw new ControllerStoreException(ControllerStoreErrorCode.StorageFailure,
                $"The controller database {path} cannot be opened: {e.Message}; check the file and its directory's permissions", e);
        }
        catch
        {
            connection?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>An exclusive lock on <c>&lt;database&gt;.lock</c> while open; the OS drops it when the process dies.</summary>
    private static FileStream AcquireLock(string path)
    {
        var lockPath = path + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new ControllerStoreException(ControllerStoreErrorCode.DatabaseInUse,
                $"The controller database {path} is open in another controller (lock file {lockPath}); stop it first", e);
        }
    }

    private static void Configure(SqliteConnection connection, SqliteControllerStoreOptions options)
    {
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode = WAL";
        var mode = wal.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new ControllerStoreException(ControllerStoreErrorCode.StorageFailure, $"SQLite refused WAL mode (journal_mode is {mode})");
        }

        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)};";
        pragmas.ExecuteNonQuery();
    }

    private static void Migrate(SqliteConnection connection, string path, ILogger logger)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = ControllerSchema.MigrationsTable;
            create.ExecuteNonQuery();
        }

        long current;
        using (var max = connection.CreateCommand())
        {
            max.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
            current = (long)max.ExecuteScalar()!;
        }

        if (current > ControllerSchema.LatestVersion)
        {
            throw new ControllerStoreException(ControllerStoreErrorCode.UnsupportedSchema,
                $"The controller database {path} has schema version {current}; this controller knows up to {ControllerSchema.LatestVersion}: run a newer controller");
        }

        foreach (var migration in ControllerSchema.Migrations.Where(m => m.Version > current))
        {
            LogMigrating(logger, path, migration.Version, migration.Description);
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = migration.Sql + "\nINSERT INTO schema_migrations (version, description, applied_at) VALUES ($v, $d, $a);";
            command.Parameters.AddWithValue("$v", migration.Version);
            command.Parameters.AddWithValue("$d", migration.Description);
            command.Parameters.AddWithValue("$a", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            // Step through every statement: ExecuteNonQuery swallows an error in a statement after the first (dotnet/efcore#32740),
            // which would commit half a migration with its version row.
            using (var reader = command.ExecuteReader())
            {
                while (reader.NextResult())
                {
                }
            }

            transaction.Commit();
        }
    }
}
