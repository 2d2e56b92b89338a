using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Controller.Sqlite.Tests;

/// <summary>
/// Init attempts (<c>machines.initializes</c>) and clusters stored as initialized (<c>clusters_initialized</c>), both
/// from migration 3, on real SQLite files: the migration from schema version 2, round trips, kill safety.
/// </summary>
public sealed class SqliteControllerStoreInitTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("lm-controller-init-").FullName;

    private string DatabasePath => Path.Combine(_dir, "controller.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<SqliteControllerStore> OpenAsync(string? path = null) => SqliteControllerStore.OpenAsync(
        new SqliteControllerStoreOptions { DatabasePath = path ?? DatabasePath }, NullLogger<SqliteControllerStore>.Instance, CancellationToken.None);

    private static MachineRecord Machine(string cluster, string node, MachinePhase phase, bool initializes = false) =>
        new(cluster, node, node.Contains("-cp-", StringComparison.Ordinal) ? NodeRole.ControlPlane : NodeRole.Worker,
            node.Contains("-cp-", StringComparison.Ordinal) ? null : "vm", "sled-1", node + "-0123abcd", "hash", phase, initializes);

    /// <summary>A database as a controller of schema version 2 left it, with these machine rows.</summary>
    private void CreateVersion2(params string[] machineRows)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = ControllerSchema.MigrationsTable + string.Concat(ControllerSchema.Migrations.Where(m => m.Version <= 2).Select(m =>
            m.Sql + $"\nINSERT INTO schema_migrations (version, description, applied_at) VALUES ({m.Version}, '{m.Description}', '2026-01-01T00:00:00.0000000+00:00');\n")) +
            string.Concat(machineRows.Select(r => $"INSERT INTO machines (cluster, node, role, pool, host, vm_id, spec_hash, phase) VALUES ({r});\n"));
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task OpenAsync_Version2Database_KeepsMachinesAndStoresClustersInitializedByTheOldRule()
    {
        CreateVersion2(
            "'alpha', 'alpha-cp-0', 'ControlPlane', NULL, 'sled-1', 'alpha-cp-0-1', 'h', 'Created'",
            "'alpha', 'alpha-cp-1', 'ControlPlane', NULL, 'sled-2', 'alpha-cp-1-1', 'h', 'Created'",
            "'alpha', 'alpha-vm-0', 'Worker', 'vm', 'sled-1', 'alpha-vm-0-1', 'h', 'Created'",
            "'beta', 'beta-cp-0', 'ControlPlane', NULL, 'sled-1', 'beta-cp-0-1', 'h', 'Creating'",
            "'gamma', 'gamma-vm-0', 'Worker', 'vm', 'sled-1', 'gamma-vm-0-1', 'h', 'Created'");

        await using (var store = await OpenAsync())
        {
            var state = await store.LoadAsync(CancellationToken.None);

            Assert.Equal(["alpha-cp-0", "alpha-cp-1", "alpha-vm-0", "beta-cp-0", "gamma-vm-0"], state.Machines.Select(m => m.Node));
            Assert.All(state.Machines, m => Assert.False(m.Initializes));
            Assert.Equal(new MachineRecord("alpha", "alpha-cp-1", NodeRole.ControlPlane, null, "sled-2", "alpha-cp-1-1", "h", MachinePhase.Created), state.Machines[1]);
            Assert.Equal(["alpha"], state.InitializedClusters);
        }

        Assert.Equal(3, Scalar("SELECT MAX(version) FROM schema_migrations"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM clusters_initialized WHERE initialized_at LIKE '____-__-__T%'"));
    }

    [Fact]
    public async Task OpenAsync_MigrationFails_NothingOfItIsLeftAndTheNextOpenMigrates()
    {
        CreateVersion2("'alpha', 'alpha-cp-0', 'ControlPlane', NULL, 'sled-1', 'alpha-cp-0-1', 'h', 'Created'");
        // A table in the way makes migration 3 fail after its ALTER TABLE: the transaction must undo that too.
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE clusters_initialized (x INTEGER)";
            command.ExecuteNonQuery();
        }

        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'clusters_initialized' AND sql LIKE '%x INTEGER%'"));
        var e = await Assert.ThrowsAsync<ControllerStoreException>(() => OpenAsync());

        Assert.Equal(ControllerStoreErrorCode.StorageFailure, e.Code);
        Assert.Equal(2, Scalar("SELECT MAX(version) FROM schema_migrations"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM pragma_table_info('machines') WHERE name = 'initializes'"));
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE clusters_initialized";
            command.ExecuteNonQuery();
        }

        await using var store = await OpenAsync();
        Assert.Equal(["alpha"], (await store.LoadAsync(CancellationToken.None)).InitializedClusters);
    }

    [Fact]
    public async Task MarkClusterInitializedAsync_MarkTwiceForgetOthers_ServedAndReopenedAlike()
    {
        IReadOnlyList<string> served;
        await using (var store = await OpenAsync())
        {
            await store.LoadAsync(CancellationToken.None); // from here on, loads are answered from memory
            await store.SaveMachineAsync(Machine("alpha", "alpha-cp-0", MachinePhase.Creating, initializes: true), CancellationToken.None);
            await store.SaveMachineAsync(Machine("alpha", "alpha-cp-0", MachinePhase.Created, initializes: true), CancellationToken.None);
            await store.SaveMachineAsync(Machine("alpha", "alpha-cp-1", MachinePhase.Created), CancellationToken.None);
            await store.MarkClusterInitializedAsync("beta", T0, CancellationToken.None);
            await store.MarkClusterInitializedAsync("alpha", T0, CancellationToken.None);
            await store.MarkClusterInitializedAsync("alpha", T0.AddMinutes(1), CancellationToken.None);
            await store.MarkClusterInitializedAsync("gamma", T0, CancellationToken.None);
            await store.ForgetClusterInitializedAsync("gamma", CancellationToken.None);
            await store.ForgetClusterInitializedAsync("nope", CancellationToken.None);
            var state = await store.LoadAsync(CancellationToken.None);
            served = state.InitializedClusters;
            Assert.Equal([true, false], state.Machines.Select(m => m.Initializes));
        }

        await using var reopened = await OpenAsync();
        var read = await reopened.LoadAsync(CancellationToken.None);

        Assert.Equal(["alpha", "beta"], served);
        Assert.Equal(served, read.InitializedClusters);
        Assert.Equal([Machine("alpha", "alpha-cp-0", MachinePhase.Created, initializes: true), Machine("alpha", "alpha-cp-1", MachinePhase.Created)], read.Machines);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM clusters_initialized WHERE cluster = 'alpha' AND initialized_at = '{T0:O}'"));
    }

    [Fact]
    public async Task MarkClusterInitializedAsync_FilesCopiedTheMomentItReturns_CopyHoldsItAndTheInitRecord()
    {
        // What a kill -9 right after the save leaves: the database and WAL files as they are, never closed.
        await using var store = await OpenAsync();
        await store.SaveMachineAsync(Machine("alpha", "alpha-cp-0", MachinePhase.Creating, initializes: true), CancellationToken.None);
        await store.MarkClusterInitializedAsync("alpha", T0, CancellationToken.None);
        var copy = Path.Combine(_dir, "copy", "controller.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(DatabasePath, copy);
        File.Copy(DatabasePath + "-wal", copy + "-wal");

        await using var recovered = await OpenAsync(copy);
        var state = await recovered.LoadAsync(CancellationToken.None);

        Assert.Equal(["alpha"], state.InitializedClusters);
        Assert.True(Assert.Single(state.Machines).Initializes);
    }
}
