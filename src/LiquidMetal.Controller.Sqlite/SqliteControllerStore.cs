using System.Globalization;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Controller.Sqlite;

/// <summary>
/// <see cref="IControllerStore"/> on one SQLite file: WAL, <c>synchronous=FULL</c> (a write is on disk when its
/// task completes), one connection behind a gate, every write one transaction. An exclusive lock file keeps a
/// second controller out.
/// </summary>
public sealed partial class SqliteControllerStore : IControllerStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteControllerStoreOptions _options;
    private readonly ILogger _logger;
    private readonly FileStream _lockFile;
    private readonly SqliteConnection _connection;
    private bool _disposed;

    /// <summary>The state as committed, once the first load has read it; behind the gate.</summary>
    private StoreMemory? _memory;

    private SqliteControllerStore(SqliteControllerStoreOptions options, ILogger logger, string path, FileStream lockFile, SqliteConnection connection)
    {
        _options = options;
        _logger = logger;
        DatabasePath = path;
        _lockFile = lockFile;
        _connection = connection;
    }

    public string DatabasePath { get; }

    /// <summary>
    /// The first call reads every table; later calls answer from memory, kept up to date by this store's own writes
    /// after each commits (the lock file keeps every other writer out). A convergence round loads the whole state,
    /// so reading and parsing thousands of rows each round would cost more than the rest of the round.
    /// </summary>
    public async Task<ControllerState> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_memory is { } memory)
            {
                return memory.Snapshot();
            }
        }
        finally
        {
            _gate.Release();
        }

        return await RunAsync(transaction => (_memory ??= new StoreMemory(Read(transaction))).Snapshot(), cancellationToken).ConfigureAwait(false);
    }

    private static ControllerState Read(SqliteTransaction transaction)
    {
        DesiredStateRecord? desired = null;
        using (var reader = Query(transaction, "SELECT revision, origin, generation, applied_at FROM desired_state WHERE id = 1"))
        {
            if (reader.Read())
            {
                desired = new DesiredStateRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), Time(reader.GetString(3)), ReadFiles(transaction));
            }
        }

        var machines = new List<MachineRecord>();
        using (var reader = Query(transaction, "SELECT cluster, node, role, pool, host, vm_id, spec_hash, phase, initializes FROM machines ORDER BY cluster, node"))
        {
            while (reader.Read())
            {
                machines.Add(new MachineRecord(reader.GetString(0), reader.GetString(1), Enum.Parse<NodeRole>(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                    Enum.Parse<MachinePhase>(reader.GetString(7)), reader.GetInt64(8) != 0));
            }
        }

        var initialized = new List<string>();
        using (var reader = Query(transaction, "SELECT cluster FROM clusters_initialized ORDER BY cluster"))
        {
            while (reader.Read())
            {
                initialized.Add(reader.GetString(0));
            }
        }

        var hosts = new List<HostStatusRecord>();
        using (var reader = Query(transaction, "SELECT host, reachable, unreachable_since, failed_since, cpus, memory_mib, last_seen, last_error FROM hosts ORDER BY host"))
        {
            while (reader.Read())
            {
                hosts.Add(new HostStatusRecord(reader.GetString(0), reader.GetInt64(1) != 0, OptionalTime(reader, 2), OptionalTime(reader, 3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), OptionalTime(reader, 6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
        }

        return new ControllerState(desired, machines, hosts, ReadConditions(transaction)) { InitializedClusters = initialized };
    }

    public Task SaveDesiredStateAsync(DesiredStateRecord desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return RunAsync(transaction =>
        {
            Execute(transaction, "INSERT OR REPLACE INTO desired_state (id, revision, origin, generation, applied_at) VALUES (1, $r, $o, $g, $a)",
                ("$r", desired.Revision), ("$o", desired.Origin), ("$g", desired.Generation), ("$a", Text(desired.AppliedAt)));
            Execute(transaction, "DELETE FROM desired_files");
            foreach (var file in desired.Files)
            {
                Execute(transaction, "INSERT INTO desired_files (path, content) VALUES ($p, $c)", ("$p", file.Path), ("$c", file.Content));
            }

            return true;
        }, cancellationToken, _ => _memory?.SaveDesired(desired));
    }

    public Task SaveMachineAsync(MachineRecord machine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return RunAsync(transaction => Execute(transaction, """
            INSERT OR REPLACE INTO machines (cluster, node, role, pool, host, vm_id, spec_hash, phase, initializes)
            VALUES ($c, $n, $r, $p, $h, $v, $s, $ph, $i)
            """,
            ("$c", machine.Cluster), ("$n", machine.Node), ("$r", machine.Role.ToString()), ("$p", machine.Pool), ("$h", machine.Host),
            ("$v", machine.VmId), ("$s", machine.SpecHash), ("$ph", machine.Phase.ToString()), ("$i", machine.Initializes ? 1 : 0)),
            cancellationToken, _ => _memory?.SaveMachine(machine));
    }

    public Task MarkClusterInitializedAsync(string cluster, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        return RunAsync(transaction => Execute(transaction, "INSERT OR IGNORE INTO clusters_initialized (cluster, initialized_at) VALUES ($c, $a)",
            ("$c", cluster), ("$a", Text(at))), cancellationToken, _ => _memory?.MarkInitialized(cluster));
    }

    public Task ForgetClusterInitializedAsync(string cluster, CancellationToken cancellationToken) =>
        RunAsync(transaction => Execute(transaction, "DELETE FROM clusters_initialized WHERE cluster = $c", ("$c", cluster)),
            cancellationToken, _ => _memory?.ForgetInitialized(cluster));

    public Task DeleteMachineAsync(string cluster, string node, CancellationToken cancellationToken) =>
        RunAsync(transaction => Execute(transaction, "DELETE FROM machines WHERE cluster = $c AND node = $n", ("$c", cluster), ("$n", node)),
            cancellationToken, _ => _memory?.DeleteMachine(cluster, node));

    public Task SaveHostStatusAsync(HostStatusRecord host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return RunAsync(transaction => Execute(transaction, """
            INSERT OR REPLACE INTO hosts (host, reachable, unreachable_since, failed_since, cpus, memory_mib, last_seen, last_error)
            VALUES ($h, $r, $u, $f, $c, $m, $s, $e)
            """,
            ("$h", host.Host), ("$r", host.Reachable ? 1 : 0), ("$u", OptionalText(host.UnreachableSince)), ("$f", OptionalText(host.FailedSince)),
            ("$c", host.Cpus), ("$m", host.MemoryMiB), ("$s", OptionalText(host.LastSeen)), ("$e", host.LastError)), cancellationToken, _ => _memory?.SaveHost(host));
    }

    public Task SaveConditionsAsync(IReadOnlyList<ConditionSet> conditions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return RunAsync(transaction =>
        {
            Execute(transaction, "DELETE FROM conditions");
            foreach (var set in conditions)
            {
                for (var i = 0; i < set.Conditions.Count; i++)
                {
                    var c = set.Conditions[i];
                    Execute(transaction, """
                        INSERT OR REPLACE INTO conditions (kind, name, type, status, reason, message, last_transition, observed_generation, position)
                        VALUES ($k, $n, $t, $s, $r, $m, $l, $g, $p)
                        """,
                        ("$k", set.Kind), ("$n", set.Name), ("$t", c.Type), ("$s", c.Status.ToString()), ("$r", c.Reason), ("$m", c.Message),
                        ("$l", Text(c.LastTransitionTime)), ("$g", c.ObservedGeneration), ("$p", i));
                }
            }

            return true;
        }, cancellationToken, _ => _memory?.SaveConditions(conditions));
    }

    public Task AppendEventsAsync(IReadOnlyList<ConvergenceEvent> events, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        return RunAsync(transaction =>
        {
            foreach (var e in events)
            {
                Execute(transaction, """
                    INSERT INTO events (at, kind, cluster, name, severity, reason, message) VALUES ($a, $k, $c, $n, $s, $r, $m)
                    """,
                    ("$a", Text(at)), ("$k", e.Kind), ("$c", e.Cluster), ("$n", e.Name), ("$s", e.Severity.ToString()), ("$r", e.Reason), ("$m", e.Message));
            }

            return Execute(transaction, "DELETE FROM events WHERE sequence <= (SELECT MAX(sequence) FROM events) - $keep", ("$keep", _options.EventRetention));
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ListEventsAsync(string? cluster, int limit, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<StoredEvent>>(transaction =>
        {
            var sql = cluster is null
                ? "SELECT sequence, at, kind, cluster, name, severity, reason, message FROM events ORDER BY sequence DESC LIMIT $l"
                : "SELECT sequence, at, kind, cluster, name, severity, reason, message FROM events WHERE cluster = $c ORDER BY sequence DESC LIMIT $l";
            using var reader = Query(transaction, sql, ("$l", limit), ("$c", cluster));
            var events = new List<StoredEvent>();
            while (reader.Read())
            {
                events.Add(new StoredEvent(reader.GetInt64(0), Time(reader.GetString(1)), new ConvergenceEvent(
                    reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                    Enum.Parse<EventSeverity>(reader.GetString(5)), reader.GetString(6), reader.GetString(7))));
            }

            events.Reverse();
            return events;
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
            await _lockFile.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static List<ManifestFile> ReadFiles(SqliteTransaction transaction)
    {
        var files = new List<ManifestFile>();
        using var reader = Query(transaction, "SELECT path, content FROM desired_files ORDER BY path");
        while (reader.Read())
        {
            files.Add(new ManifestFile(reader.GetString(0), reader.GetString(1)));
        }

        return files;
    }

    private static List<ConditionSet> ReadConditions(SqliteTransaction transaction)
    {
        var sets = new List<ConditionSet>();
        using var reader = Query(transaction, """
            SELECT kind, name, type, status, reason, message, last_transition, observed_generation FROM conditions ORDER BY kind, name, position
            """);
        var current = new List<Condition>();
        (string Kind, string Name)? key = null;
        while (reader.Read())
        {
            var next = (reader.GetString(0), reader.GetString(1));
            if (key is { } k && k != next)
            {
                sets.Add(new ConditionSet(k.Kind, k.Name, current));
                current = [];
            }

            key = next;
            current.Add(new Condition(reader.GetString(2), Enum.Parse<ConditionStatus>(reader.GetString(3)), reader.GetString(4),
                reader.GetString(5), Time(reader.GetString(6)), reader.GetInt64(7)));
        }

        if (key is { } last)
        {
            sets.Add(new ConditionSet(last.Kind, last.Name, current));
        }

        return sets;
    }

    /// <summary>Runs <paramref name="work"/> in one immediate transaction behind the gate; SQLite errors become <see cref="ControllerStoreException"/>.</summary>
    /// <param name="committed">Runs after the commit, still behind the gate: keeps the in-memory state in step, in commit order.</param>
    private async Task<T> RunAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken, Action<T>? committed = null)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction(deferred: false);
            var result = work(transaction);
            transaction.Commit();
            committed?.Invoke(result);
            return result;
        }
        catch (SqliteException e)
        {
            LogStorageFailed(_logger, DatabasePath, e.SqliteErrorCode, e);
            throw new ControllerStoreException(ControllerStoreErrorCode.StorageFailure,
                $"The controller database {DatabasePath} failed: {e.Message}; check the disk and restart the controller", e);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ControllerStoreException(ControllerStoreErrorCode.CorruptRow, $"The controller database {DatabasePath} holds an unreadable row: {e.Message}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static int Execute(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteDataReader Query(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(transaction, sql, parameters);
        return command.ExecuteReader(System.Data.CommandBehavior.Default);
    }

    private static SqliteCommand Command(SqliteTransaction transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static string Text(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static string? OptionalText(DateTimeOffset? time) => time is { } t ? Text(t) : null;

    private static DateTimeOffset Time(string text) => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? OptionalTime(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader.GetString(ordinal));
}
