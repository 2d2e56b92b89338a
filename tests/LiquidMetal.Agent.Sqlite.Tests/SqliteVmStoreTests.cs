using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Agent.Sqlite.Tests;

public sealed class SqliteVmStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task OpenAsync_NewDatabase_CreatesWalDatabaseAtLatestSchema()
    {
        await using (var store = await TestVms.OpenAsync(_directory.DatabasePath))
        {
            Assert.Empty(store.List());
            Assert.Equal(0, store.Snapshot().Revision);
        }

        Assert.Equal("wal", TestVms.Text(_directory.DatabasePath, "PRAGMA journal_mode"));
        Assert.Equal(SqliteSchema.LatestVersion, TestVms.Scalar(_directory.DatabasePath, "PRAGMA user_version"));
        Assert.Equal(0, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM vms"));
        Assert.Equal(0, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM changes"));
    }

    [Fact]
    public async Task CreateAsync_NewVm_StoresVersionOneAndAppendsAddedChange()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var vm = TestVms.New("web-1") with { Version = 7 };

        var outcome = await store.CreateAsync(vm, CancellationToken.None);

        Assert.True(outcome.Created);
        Assert.Equal(1, outcome.Vm.Version);
        Assert.Equal(vm.Uid, outcome.Vm.Uid);
        Assert.Equal(TestVms.Epoch, outcome.Vm.CreatedAt);
        Assert.Same(outcome.Vm, store.Get(vm.Uid));
        Assert.Equal(1, store.Snapshot().Revision);
        Assert.Equal(1, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM vms"));
        Assert.Equal("added", TestVms.Text(_directory.DatabasePath, "SELECT type FROM changes WHERE revision = 1"));
    }

    [Fact]
    public async Task CreateAsync_SameNamespaceAndId_ReturnsExistingWithoutWriting()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var first = await store.CreateAsync(TestVms.New("web-1"), CancellationToken.None);

        var second = await store.CreateAsync(TestVms.New("web-1"), CancellationToken.None);

        Assert.False(second.Created);
        Assert.Same(first.Vm, second.Vm);
        Assert.Equal(1, store.Snapshot().Revision);
        Assert.Equal(1, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM changes"));
    }

    [Fact]
    public async Task CreateAsync_SameIdInOtherNamespace_StoresBoth()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);

        var a = await store.CreateAsync(TestVms.New("web-1", "a"), CancellationToken.None);
        var b = await store.CreateAsync(TestVms.New("web-1", "b"), CancellationToken.None);

        Assert.True(a.Created);
        Assert.True(b.Created);
        Assert.Equal(2, store.List().Count);
    }

    [Fact]
    public async Task CreateAsync_ConcurrentCreatesOfSameName_StoresExactlyOne()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        using var start = new ManualResetEventSlim();
        var creates = Enumerable.Range(0, 32)
            .Select(_ => Task.Run(async () =>
            {
                var vm = TestVms.New("db-0", "prod");
                start.Wait();
                return await store.CreateAsync(vm, CancellationToken.None);
            }))
            .ToArray();

        start.Set();
        var outcomes = await Task.WhenAll(creates);

        Assert.Single(outcomes, o => o.Created);
        Assert.Single(outcomes.Select(o => o.Vm.Uid).Distinct());
        Assert.Single(store.List("prod", "db-0"));
        Assert.Equal(1, store.Snapshot().Revision);
        Assert.Equal(1, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM vms"));
        Assert.Equal(1, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM changes"));
    }

    [Fact]
    public async Task CreateAsync_UidOfAnotherVm_ThrowsDuplicateUid()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var first = await store.CreateAsync(TestVms.New("web-1"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SqliteVmStoreException>(
            () => store.CreateAsync(TestVms.New("web-2", uid: first.Vm.Uid), CancellationToken.None));

        Assert.Equal(SqliteVmStoreErrorCode.DuplicateUid, error.Code);
        Assert.Contains(first.Vm.Uid, error.Message, StringComparison.Ordinal);
        Assert.Single(store.List());
    }

    [Fact]
    public async Task CreateAsync_CancelledToken_ThrowsWithoutWriting()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.CreateAsync(TestVms.New("web-1"), cancelled.Token));

        Assert.Empty(store.List());
        Assert.Equal(0, store.Snapshot().Revision);
    }

    [Fact]
    public async Task UpdateAsync_ExpectedVersion_StoresNextVersionAtNow()
    {
        var time = new FakeTimeProvider(TestVms.Epoch);
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath, time);
        var created = (await store.CreateAsync(TestVms.New("web-1"), CancellationToken.None)).Vm;
        time.Advance(TimeSpan.FromMinutes(5));

        var updated = await store.UpdateAsync(
            created with { Status = new MicroVmStatus { State = MicroVmState.Created, VmmPid = 4242 } },
            expectedVersion: 1,
            CancellationToken.None);

        Assert.Equal(2, updated.Version);
        Assert.Equal(TestVms.Epoch.AddMinutes(5), updated.UpdatedAt);
        Assert.Equal(TestVms.Epoch, updated.CreatedAt);
        Assert.Same(updated, store.Get(created.Uid));
        Assert.Equal(2, store.Snapshot().Revision);
        Assert.Equal("modified", TestVms.Text(_directory.DatabasePath, "SELECT type FROM changes WHERE revision = 2"));
        Assert.Equal(2, TestVms.Scalar(_directory.DatabasePath, "SELECT version FROM vms"));
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_ThrowsConflictNamingUidAndVersions()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var created = (await store.CreateAsync(TestVms.New("web-1"), CancellationToken.None)).Vm;
        await store.UpdateAsync(created, 1, CancellationToken.None);

        var error = await Assert.ThrowsAsync<VersionConflictException>(
            () => store.UpdateAsync(created with { Status = new MicroVmStatus { Attempts = 3 } }, 1, CancellationToken.None));

        Assert.Contains(created.Uid, error.Message, StringComparison.Ordinal);
        Assert.Contains("expected version 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("stored version is 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, store.Get(created.Uid)!.Version);
        Assert.Equal(0, store.Get(created.Uid)!.Status.Attempts);
        Assert.Equal(2, store.Snapshot().Revision);
    }

    [Fact]
    public async Task UpdateAsync_MissingVm_ThrowsConflict()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var vm = TestVms.New("ghost");

        var error = await Assert.ThrowsAsync<VersionConflictException>(() => store.UpdateAsync(vm, 1, CancellationToken.None));

        Assert.Contains(vm.Uid, error.Message, StringComparison.Ordinal);
        Assert.Empty(store.List());
        Assert.Equal(0, store.Snapshot().Revision);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentUpdatesOfOneVersion_OneWinsOthersConflict()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var created = (await store.CreateAsync(TestVms.New("web-1"), CancellationToken.None)).Vm;

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.UpdateAsync(created with { Status = new MicroVmStatus { Attempts = i } }, 1, CancellationToken.None);
                return true;
            }
            catch (VersionConflictException)
            {
                return false;
            }
        })));

        Assert.Single(results, won => won);
        Assert.Equal(2, store.Get(created.Uid)!.Version);
        Assert.Equal(2, store.Snapshot().Revision);
    }

    [Fact]
    public async Task UpdateAsync_ChangedId_ThrowsImmutableIdentity()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var created = (await store.CreateAsync(TestVms.New("web-1"), CancellationToken.None)).Vm;

        var error = await Assert.ThrowsAsync<SqliteVmStoreException>(
            () => store.UpdateAsync(created with { Spec = created.Spec with { Id = "web-2" } }, 1, CancellationToken.None));

        Assert.Equal(SqliteVmStoreErrorCode.ImmutableIdentity, error.Code);
        Assert.Equal("web-1", store.Get(created.Uid)!.Id);
    }

    [Fact]
    public async Task DeleteAsync_StoredVm_RemovesItAndLogsLastState()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var created = (await store.CreateAsync(TestVms.New("web-1"), CancellationToken.None)).Vm;
        var deleting = await store.UpdateAsync(
            created with { Status = new MicroVmStatus { State = MicroVmState.Deleting }, DeletedAt = TestVms.Epoch },
            1,
            CancellationToken.None);

        await store.DeleteAsync(created.Uid, CancellationToken.None);

        Assert.Null(store.Get(created.Uid));
        Assert.Empty(store.List());
        Assert.Empty(store.List("default"));
        Assert.Equal(3, store.Snapshot().Revision);
        Assert.Equal(0, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM vms"));
        await using var changes = store.WatchAsync(2, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await changes.MoveNextAsync());
        Assert.Equal(VmChangeType.Deleted, changes.Current.Type);
        Assert.Equal(3, changes.Current.Revision);
        Assert.Equal(TestVms.Json(deleting), TestVms.Json(changes.Current.Vm));
    }

    [Fact]
    public async Task DeleteAsync_MissingVm_DoesNothing()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        await store.CreateAsync(TestVms.New("web-1"), CancellationToken.None);

        await store.DeleteAsync("01JD0000000000000000000000", CancellationToken.None);

        Assert.Single(store.List());
        Assert.Equal(1, store.Snapshot().Revision);
    }

    [Fact]
    public async Task List_NamespaceAndId_FiltersSortedByNamespaceThenId()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        await store.CreateAsync(TestVms.New("y", "a"), CancellationToken.None);
        await store.CreateAsync(TestVms.New("x", "b"), CancellationToken.None);
        await store.CreateAsync(TestVms.New("x", "a"), CancellationToken.None);

        Assert.Equal(["a/x", "a/y", "b/x"], store.List().Select(Key));
        Assert.Equal(["a/x", "a/y", "b/x"], store.List(string.Empty).Select(Key));
        Assert.Equal(["a/x", "a/y"], store.List("a").Select(Key));
        Assert.Equal(["a/y"], store.List("a", "y").Select(Key));
        Assert.Equal(["a/x", "b/x"], store.List(null, "x").Select(Key));
        Assert.Empty(store.List("c"));
        Assert.Empty(store.List("a", "z"));
        Assert.Empty(store.List(null, "z"));
    }

    [Fact]
    public async Task Get_UnknownUid_ReturnsNull()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);

        Assert.Null(store.Get("01JD0000000000000000000000"));
    }

    [Fact]
    public async Task Snapshot_AfterWrites_HoldsVmsAtTheirRevision()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);
        var before = store.Snapshot();
        var a = (await store.CreateAsync(TestVms.New("a"), CancellationToken.None)).Vm;
        await store.CreateAsync(TestVms.New("b"), CancellationToken.None);
        await store.DeleteAsync(a.Uid, CancellationToken.None);

        var after = store.Snapshot();

        Assert.Empty(before.Vms);
        Assert.Equal(0, before.Revision);
        Assert.Equal(["b"], after.Vms.Select(vm => vm.Id));
        Assert.Equal(3, after.Revision);
    }

    [Fact]
    public async Task OpenAsync_Reopened_KeepsVmsAndContinuesRevisions()
    {
        string[] expected;
        await using (var store = await TestVms.OpenAsync(_directory.DatabasePath))
        {
            var a = (await store.CreateAsync(TestVms.New("a"), CancellationToken.None)).Vm;
            var b = (await store.CreateAsync(TestVms.New("b", "other"), CancellationToken.None)).Vm;
            await store.CreateAsync(TestVms.New("c"), CancellationToken.None);
            await store.UpdateAsync(a with { Status = new MicroVmStatus { State = MicroVmState.Failed, Reason = "boot timeout" } }, 1, CancellationToken.None);
            await store.DeleteAsync(b.Uid, CancellationToken.None);
            expected = [.. store.List().Select(TestVms.Json)];
            Assert.Equal(5, store.Snapshot().Revision);
        }

        await using (var reopened = await TestVms.OpenAsync(_directory.DatabasePath))
        {
            Assert.Equal(expected, reopened.List().Select(TestVms.Json));
            Assert.Equal(5, reopened.Snapshot().Revision);
            await reopened.CreateAsync(TestVms.New("d"), CancellationToken.None);
            Assert.Equal(6, reopened.Snapshot().Revision);
        }
    }

    [Fact]
    public async Task OpenAsync_LogTrimmedAndEmptied_NeverReusesRevisions()
    {
        await using (var store = await TestVms.OpenAsync(_directory.DatabasePath, changeLogRetention: 1))
        {
            var vm = (await store.CreateAsync(TestVms.New("a"), CancellationToken.None)).Vm;
            await store.DeleteAsync(vm.Uid, CancellationToken.None);
            Assert.Equal(1, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM changes"));
        }

        TestVms.Execute(_directory.DatabasePath, "DELETE FROM changes");

        await using (var reopened = await TestVms.OpenAsync(_directory.DatabasePath, changeLogRetention: 1))
        {
            Assert.Equal(2, reopened.Snapshot().Revision);
            await reopened.CreateAsync(TestVms.New("b"), CancellationToken.None);
            Assert.Equal(3, reopened.Snapshot().Revision);
        }
    }

    [Fact]
    public async Task CreateAsync_MoreChangesThanRetention_KeepsNewestChanges()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath, changeLogRetention: 10);

        for (var i = 0; i < 25; i++)
        {
            await store.CreateAsync(TestVms.New($"vm-{i}"), CancellationToken.None);
        }

        Assert.Equal(10, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM changes"));
        Assert.Equal(16, TestVms.Scalar(_directory.DatabasePath, "SELECT min(revision) FROM changes"));
        Assert.Equal(25, TestVms.Scalar(_directory.DatabasePath, "SELECT max(revision) FROM changes"));
    }

    [Theory]
    [InlineData("spec_json", "{\"id\": \"a\", \"kernel\": ")]
    [InlineData("spec_json", "{\"id\": \"a\", \"namespace\": \"default\", \"kernel\": {\"image\": \"k\"}, \"gpus\": 2}")]
    [InlineData("spec_json", "{\"id\": \"other\", \"namespace\": \"default\", \"kernel\": {\"image\": \"k\"}}")]
    [InlineData("spec_json", "{\"namespace\": \"default\", \"kernel\": {\"image\": \"k\"}}")]
    [InlineData("status_json", "{\"state\": \"exploded\"}")]
    [InlineData("status_json", "null")]
    [InlineData("created_at", "yesterday")]
    public async Task OpenAsync_UnreadableRow_ThrowsCorruptRecordNamingUid(string column, string value)
    {
        string uid;
        await using (var store = await TestVms.OpenAsync(_directory.DatabasePath))
        {
            await store.CreateAsync(TestVms.New("b"), CancellationToken.None);
            uid = (await store.CreateAsync(TestVms.New("a"), CancellationToken.None)).Vm.Uid;
        }

        TestVms.Execute(_directory.DatabasePath, $"UPDATE vms SET {column} = $value WHERE uid = $uid", ("$value", value), ("$uid", uid));

        var error = await Assert.ThrowsAsync<SqliteVmStoreException>(() => TestVms.OpenAsync(_directory.DatabasePath));
        Assert.Equal(SqliteVmStoreErrorCode.CorruptRecord, error.Code);
        Assert.Contains(uid, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NewerSchemaVersion_ThrowsUnsupportedSchema()
    {
        await using (await TestVms.OpenAsync(_directory.DatabasePath))
        {
        }

        TestVms.Execute(_directory.DatabasePath, "PRAGMA user_version = 99");

        var error = await Assert.ThrowsAsync<SqliteVmStoreException>(() => TestVms.OpenAsync(_directory.DatabasePath));
        Assert.Equal(SqliteVmStoreErrorCode.UnsupportedSchema, error.Code);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_DatabaseOpenElsewhere_ThrowsDatabaseInUseUntilClosed()
    {
        var first = await TestVms.OpenAsync(_directory.DatabasePath);

        var error = await Assert.ThrowsAsync<SqliteVmStoreException>(() => TestVms.OpenAsync(_directory.DatabasePath));
        Assert.Equal(SqliteVmStoreErrorCode.DatabaseInUse, error.Code);

        await first.DisposeAsync();
        await using var second = await TestVms.OpenAsync(_directory.DatabasePath);
        Assert.Empty(second.List());
    }

    [Fact]
    public async Task OpenAsync_InvalidOptions_ThrowsNamingEverySetting()
    {
        var options = new SqliteVmStoreOptions { DatabasePath = " ", ChangeLogRetention = 0, WatchBufferCapacity = 0 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SqliteVmStore.OpenAsync(
            options, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteVmStore>.Instance, TimeProvider.System, CancellationToken.None));

        Assert.Contains(nameof(SqliteVmStoreOptions.DatabasePath), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SqliteVmStoreOptions.ChangeLogRetention), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SqliteVmStoreOptions.WatchBufferCapacity), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_Disposed_RejectsWrites()
    {
        var store = await TestVms.OpenAsync(_directory.DatabasePath);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateAsync(TestVms.New("a"), CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_ManyConcurrentWriters_CommitsEveryCreate()
    {
        await using var store = await TestVms.OpenAsync(_directory.DatabasePath);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 400)
            .Select(i => Task.Run(() => store.CreateAsync(TestVms.New($"vm-{i}"), CancellationToken.None))));

        Assert.All(outcomes, o => Assert.True(o.Created));
        Assert.Equal(400, store.List().Count);
        Assert.Equal(400, store.Snapshot().Revision);
        Assert.Equal(400, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM vms"));
        Assert.Equal(400, TestVms.Scalar(_directory.DatabasePath, "SELECT count(DISTINCT revision) FROM changes"));
    }

    private static string Key(MicroVm vm) => $"{vm.Namespace}/{vm.Id}";
}
