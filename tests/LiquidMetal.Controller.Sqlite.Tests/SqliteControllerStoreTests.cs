using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Controller.Sqlite.Tests;

public sealed class SqliteControllerStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("lm-controller-store-").FullName;

    private string DatabasePath => Path.Combine(_dir, "state", "controller.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<SqliteControllerStore> OpenAsync(int retention = 100) => SqliteControllerStore.OpenAsync(
        new SqliteControllerStoreOptions { DatabasePath = DatabasePath, EventRetention = retention },
        NullLogger<SqliteControllerStore>.Instance, CancellationToken.None);

    private static MachineRecord Machine(string node, string host = "sled-1", MachinePhase phase = MachinePhase.Creating) =>
        new("alpha", node, node.Contains("-cp-", StringComparison.Ordinal) ? NodeRole.ControlPlane : NodeRole.Worker,
            node.Contains("-cp-", StringComparison.Ordinal) ? null : "vm", host, node + "-0123abcd", "hash", phase);

    [Fact]
    public async Task LoadAsync_NewDatabase_EmptyStateInWalMode()
    {
        await using var store = await OpenAsync();

        var state = await store.LoadAsync(CancellationToken.None);

        Assert.Null(state.Desired);
        Assert.Empty(state.Machines);
        Assert.Empty(state.Hosts);
        Assert.Empty(state.Conditions);
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT version || ':' || description FROM schema_migrations";
        Assert.Equal("1:desired state, machines, hosts, conditions, events", command.ExecuteScalar());
    }

    [Fact]
    public async Task LoadAsync_AfterReopen_EverythingWrittenIsBack()
    {
        var desired = new DesiredStateRecord("sha256:abc", "folder /fleet", 3, T0, [new ManifestFile("a.yaml", "kind: Host"), new ManifestFile("b/c.yaml", "x: ü")]);
        var host = new HostStatusRecord("sled-2", false, T0, T0.AddMinutes(1), 8, 16384, T0.AddSeconds(-5), "connection refused");
        var conditions = new List<ConditionSet>
        {
            new(ConditionTypes.ClusterKind, "alpha", [
                new Condition(ConditionTypes.Placed, ConditionStatus.True, "Placed", "ok", T0, 3),
                new Condition(ConditionTypes.Converged, ConditionStatus.False, "Converging", "1 of 2", T0.AddSeconds(1), 3)]),
            new(ConditionTypes.MachineKind, "alpha-cp-0", [new Condition(ConditionTypes.VmAvailable, ConditionStatus.Unknown, "HostUnreachable", "m", T0, 2)]),
        };
        await using (var store = await OpenAsync())
        {
            await store.SaveDesiredStateAsync(desired, CancellationToken.None);
            await store.SaveMachineAsync(Machine("alpha-cp-0"), CancellationToken.None);
            await store.SaveMachineAsync(Machine("alpha-vm-0"), CancellationToken.None);
            await store.SaveMachineAsync(Machine("alpha-cp-0", "sled-3", MachinePhase.Created), CancellationToken.None);
            await store.SaveHostStatusAsync(host, CancellationToken.None);
            await store.SaveConditionsAsync(conditions, CancellationToken.None);
        }

        await using var reopened = await OpenAsync();
        var state = await reopened.LoadAsync(CancellationToken.None);

        Assert.Equal(desired.Revision, state.Desired!.Revision);
        Assert.Equal(desired.Files, state.Desired.Files);
        Assert.Equal(3, state.Desired.Generation);
        Assert.Equal(T0, state.Desired.AppliedAt);
        Assert.Equal([Machine("alpha-cp-0", "sled-3", MachinePhase.Created), Machine("alpha-vm-0")], state.Machines);
        Assert.Equal(host, Assert.Single(state.Hosts));
        Assert.Equal(conditions.Count, state.Conditions.Count);
        Assert.Equal(conditions[0].Conditions, state.Conditions[0].Conditions);
        Assert.Equal(conditions[1].Conditions, state.Conditions[1].Conditions);
    }

    [Fact]
    public async Task LoadAsync_AfterWritesInAnyOrder_SameStateAsAReopenedStore()
    {
        ControllerState served;
        await using (var store = await OpenAsync())
        {
            await store.LoadAsync(CancellationToken.None); // from here on, loads are answered from memory
            await store.SaveMachineAsync(Machine("alpha-vm-1"), CancellationToken.None);
            await store.SaveMachineAsync(Machine("alpha-cp-0"), CancellationToken.None);
            await store.SaveMachineAsync(Machine("alpha-vm-0", "sled-2"), CancellationToken.None);
            await store.SaveMachineAsync(Machine("alpha-vm-0", "sled-3", MachinePhase.Created), CancellationToken.None);
            await store.DeleteMachineAsync("alpha", "alpha-vm-1", CancellationToken.None);
            await store.SaveHostStatusAsync(new HostStatusRecord("sled-2", true, null, null, 8, 16384, T0, null), CancellationToken.None);
            await store.SaveHostStatusAsync(new HostStatusRecord("sled-1", false, T0, null, 4, 4096, T0, "refused"), CancellationToken.None);
            await store.SaveHostStatusAsync(new HostStatusRecord("sled-2", false, T0, T0, 8, 16384, T0, "gone"), CancellationToken.None);
            await store.SaveDesiredStateAsync(new DesiredStateRecord("sha256:1", "upload", 1, T0, [new ManifestFile("a.yaml", "x")]), CancellationToken.None);
            await store.SaveDesiredStateAsync(new DesiredStateRecord("sha256:2", "upload", 2, T0, [new ManifestFile("b.yaml", "y")]), CancellationToken.None);
            await store.SaveConditionsAsync([
                new ConditionSet(ConditionTypes.MachineKind, "alpha-vm-0", [new Condition(ConditionTypes.VmAvailable, ConditionStatus.True, "Running", "m", T0, 2)]),
                new ConditionSet(ConditionTypes.ClusterKind, "alpha", [
                    new Condition(ConditionTypes.Converged, ConditionStatus.False, "Waiting", "w", T0, 2),
                    new Condition(ConditionTypes.Placed, ConditionStatus.True, "Placed", "p", T0, 2)]),
                new ConditionSet(ConditionTypes.MachineKind, "alpha-cp-0", []),
            ], CancellationToken.None);
            served = await store.LoadAsync(CancellationToken.None);
        }

        await using var reopened = await OpenAsync();
        var read = await reopened.LoadAsync(CancellationToken.None);

        Assert.Equal(read.Desired! with { Files = [] }, served.Desired! with { Files = [] });
        Assert.Equal(read.Desired.Files, served.Desired.Files);
        Assert.Equal(read.Machines, served.Machines);
        Assert.Equal(["alpha-cp-0", "alpha-vm-0"], served.Machines.Select(m => m.Node));
        Assert.Equal(read.Hosts, served.Hosts);
        Assert.Equal(["sled-1", "sled-2"], served.Hosts.Select(h => h.Host));
        Assert.Equal(read.Conditions.Select(s => (s.Kind, s.Name)), served.Conditions.Select(s => (s.Kind, s.Name)));
        Assert.All(read.Conditions.Zip(served.Conditions), p => Assert.Equal(p.First.Conditions, p.Second.Conditions));
        Assert.Equal(2, served.Conditions.Count);
    }

    [Fact]
    public async Task DeleteMachineAsync_KnownAndUnknown_RemovesOnlyThatRecord()
    {
        await using var store = await OpenAsync();
        await store.SaveMachineAsync(Machine("alpha-cp-0"), CancellationToken.None);
        await store.SaveMachineAsync(Machine("alpha-cp-1"), CancellationToken.None);

        await store.DeleteMachineAsync("alpha", "alpha-cp-0", CancellationToken.None);
        await store.DeleteMachineAsync("alpha", "nope", CancellationToken.None);

        Assert.Equal("alpha-cp-1", Assert.Single((await store.LoadAsync(CancellationToken.None)).Machines).Node);
    }

    [Fact]
    public async Task SaveConditionsAsync_SecondCall_ReplacesTheFirst()
    {
        await using var store = await OpenAsync();
        await store.SaveConditionsAsync([new ConditionSet("Cluster", "alpha", [new Condition("Placed", ConditionStatus.True, "Placed", "", T0, 1)])], CancellationToken.None);

        await store.SaveConditionsAsync([new ConditionSet("Cluster", "beta", [new Condition("Placed", ConditionStatus.False, "Degraded", "x", T0, 2)])], CancellationToken.None);

        var set = Assert.Single((await store.LoadAsync(CancellationToken.None)).Conditions);
        Assert.Equal("beta", set.Name);
        Assert.Equal("Degraded", set.Conditions[0].Reason);
    }

    [Fact]
    public async Task AppendEventsAsync_PastRetention_KeepsOnlyTheNewestAndFiltersByCluster()
    {
        await using var store = await OpenAsync(retention: 5);
        for (var i = 0; i < 4; i++)
        {
            await store.AppendEventsAsync([
                new ConvergenceEvent("Machine", "alpha", $"alpha-cp-{i}", EventSeverity.Normal, "CreatingVm", $"a{i}"),
                new ConvergenceEvent("Host", null, "sled-1", EventSeverity.Warning, "HostFailed", $"h{i}")], T0.AddSeconds(i), CancellationToken.None);
        }

        var all = await store.ListEventsAsync(null, 100, CancellationToken.None);
        var alpha = await store.ListEventsAsync("alpha", 2, CancellationToken.None);

        Assert.Equal(["h1", "a2", "h2", "a3", "h3"], all.Select(e => e.Event.Message));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
        Assert.Equal(["a2", "a3"], alpha.Select(e => e.Event.Message));
        Assert.Equal(T0.AddSeconds(3), alpha[1].At);
    }

    [Fact]
    public async Task OpenAsync_AlreadyOpen_RefusedAsInUse()
    {
        await using var store = await OpenAsync();

        var e = await Assert.ThrowsAsync<ControllerStoreException>(() => OpenAsync());

        Assert.Equal(ControllerStoreErrorCode.DatabaseInUse, e.Code);
        Assert.Contains("open in another controller", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NewerSchema_Refused()
    {
        await using (await OpenAsync())
        {
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations (version, description, applied_at) VALUES (99, 'future', 'now')";
            command.ExecuteNonQuery();
        }

        var e = await Assert.ThrowsAsync<ControllerStoreException>(() => OpenAsync());

        Assert.Equal(ControllerStoreErrorCode.UnsupportedSchema, e.Code);
        Assert.Contains("schema version 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_CorruptRow_ReportsCorruptRow()
    {
        await using (var store = await OpenAsync())
        {
            await store.SaveHostStatusAsync(new HostStatusRecord("sled-1", true, null, null, 4, 4096, T0, null), CancellationToken.None);
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE hosts SET last_seen = 'yesterday'";
            command.ExecuteNonQuery();
        }

        await using var reopened = await OpenAsync();
        var e = await Assert.ThrowsAsync<ControllerStoreException>(() => reopened.LoadAsync(CancellationToken.None));

        Assert.Equal(ControllerStoreErrorCode.CorruptRow, e.Code);
    }
}
