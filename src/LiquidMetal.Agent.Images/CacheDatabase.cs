using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// The cache's durable index in SQLite (WAL, synchronous=FULL): one row per artifact present on disk, one per
/// (VM, artifact) reference. A row is written only after its file was renamed into place, so a row always names a
/// whole file. Calls are short and serialised on one connection.
/// </summary>
internal sealed class CacheDatabase : IDisposable
{
    private const int SchemaVersion = 1;
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public CacheDatabase(string path, TimeSpan busyTimeout)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString());
        _connection.Open();
        var journalMode = Scalar("PRAGMA journal_mode = WAL");
        if (!string.Equals(journalMode as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImagesException(ImagesErrorCode.CacheUnavailable, $"SQLite refused WAL mode for {path} (journal_mode is {journalMode})");
        }

        var version = Convert.ToInt32(Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new ImagesException(ImagesErrorCode.CacheUnavailable, $"The image cache {path} has schema {version}; this build knows up to {SchemaVersion}");
        }

        Execute($"""
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS artifacts (
                key TEXT PRIMARY KEY,
                kind INTEGER NOT NULL,
                manifest_digest TEXT NOT NULL,
                detail TEXT NOT NULL,
                file_name TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                last_used INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS refs (
                vm_id TEXT NOT NULL,
                key TEXT NOT NULL,
                acquired_at INTEGER NOT NULL,
                PRIMARY KEY (vm_id, key));
            CREATE INDEX IF NOT EXISTS refs_by_key ON refs (key);
            PRAGMA user_version = {SchemaVersion};
            """);
    }

    public ArtifactRow? Find(ArtifactKey key) =>
        Query($"SELECT * FROM {View} WHERE key = $key", ("$key", key.ToString())).FirstOrDefault();

    public IReadOnlyList<ArtifactRow> All() => Query($"SELECT * FROM {View} ORDER BY last_used");

    public void Upsert(ArtifactKey key, long sizeBytes, long now) => Execute("""
        INSERT INTO artifacts (key, kind, manifest_digest, detail, file_name, size_bytes, created_at, last_used)
        VALUES ($key, $kind, $digest, $detail, $file, $size, $now, $now)
        ON CONFLICT (key) DO UPDATE SET size_bytes = excluded.size_bytes, created_at = excluded.created_at, last_used = excluded.last_used
        """, ("$key", key.ToString()), ("$kind", (int)key.Kind), ("$digest", key.ManifestDigest), ("$detail", key.Detail),
        ("$file", key.FileName), ("$size", sizeBytes), ("$now", now));

    public void Touch(ArtifactKey key, long now) =>
        Execute("UPDATE artifacts SET last_used = $now WHERE key = $key", ("$key", key.ToString()), ("$now", now));

    public void AddReference(string vmId, ArtifactKey key, long now) => Execute("""
        INSERT OR IGNORE INTO refs (vm_id, key, acquired_at) VALUES ($vm, $key, $now);
        UPDATE artifacts SET last_used = $now WHERE key = $key;
        """, ("$vm", vmId), ("$key", key.ToString()), ("$now", now));

    /// <summary>Drops the VM's references (all, or to one key); released artifacts count as used now, for LRU.</summary>
    public int RemoveReferences(string vmId, ArtifactKey? key, long now) => Execute("""
        UPDATE artifacts SET last_used = $now WHERE key IN (SELECT key FROM refs WHERE vm_id = $vm AND ($key IS NULL OR key = $key));
        DELETE FROM refs WHERE vm_id = $vm AND ($key IS NULL OR key = $key);
        """, ("$vm", vmId), ("$key", key?.ToString()), ("$now", now));

    /// <summary>Deletes the artifact's row unless a VM references it; true when deleted.</summary>
    public bool DeleteUnreferenced(ArtifactKey key) =>
        Execute("DELETE FROM artifacts WHERE key = $key AND NOT EXISTS (SELECT 1 FROM refs WHERE refs.key = $key)", ("$key", key.ToString())) > 0;

    public void Delete(ArtifactKey key) => Execute("DELETE FROM artifacts WHERE key = $key", ("$key", key.ToString()));

    public void Dispose() => _connection.Dispose();

    private static string View => """
        (SELECT a.key, a.kind, a.manifest_digest, a.detail, a.file_name, a.size_bytes, a.created_at, a.last_used,
                (SELECT count(*) FROM refs r WHERE r.key = a.key) AS ref_count
         FROM artifacts a)
        """;

    private List<ArtifactRow> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<ArtifactRow>();
            while (reader.Read())
            {
                rows.Add(new ArtifactRow(
                    new ArtifactKey((ArtifactKind)reader.GetInt32(1), reader.GetString(2), reader.GetString(3)),
                    reader.GetString(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt32(8)));
            }

            return rows;
        }
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql, parameters);
            return command.ExecuteNonQuery();
        }
    }

    private object? Scalar(string sql)
    {
        lock (_gate)
        {
            using var command = Command(sql, []);
            return command.ExecuteScalar();
        }
    }

    private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
