using LiquidMetal.Controller.Core.Ports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Controller.Sqlite.Tests;

/// <summary>
/// The cluster PKI table on a real SQLite file. Kill safety: a PKI is generated in memory and saved in one
/// transaction that inserts only if the cluster has none and reads back the row; nodes only ever get what that read
/// returns. A controller killed before the commit leaves no row (the next start generates again, and no node saw the
/// lost one); killed after it, the row is on disk (WAL, synchronous=FULL) and every later save returns it.
/// </summary>
public sealed class SqliteControllerStorePkiTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("lm-controller-pki-").FullName;

    private string DatabasePath => Path.Combine(_dir, "controller.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<SqliteControllerStore> OpenAsync(string? path = null) => SqliteControllerStore.OpenAsync(
        new SqliteControllerStoreOptions { DatabasePath = path ?? DatabasePath }, NullLogger<SqliteControllerStore>.Instance, CancellationToken.None);

    private static StoredClusterPki Pki(string cluster, string tag) => new(cluster, T0,
        $"cluster-ca-{tag}", [1, 0, 1, (byte)tag[0]], $"etcd-ca-{tag}", [2, (byte)tag[0]], $"front-proxy-ca-{tag}", [3, (byte)tag[0]],
        $"sa-pub-{tag}", [4, 0, 255, (byte)tag[0]]);

    private static void AssertSame(StoredClusterPki expected, StoredClusterPki? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.Cluster, expected.CreatedAt, expected.ClusterCaCertificatePem, expected.EtcdCaCertificatePem, expected.FrontProxyCaCertificatePem,
            expected.ServiceAccountPublicKeyPem), (actual.Cluster, actual.CreatedAt, actual.ClusterCaCertificatePem, actual.EtcdCaCertificatePem,
            actual.FrontProxyCaCertificatePem, actual.ServiceAccountPublicKeyPem));
        Assert.Equal(expected.ClusterCaSealedKey, actual.ClusterCaSealedKey);
        Assert.Equal(expected.EtcdCaSealedKey, actual.EtcdCaSealedKey);
        Assert.Equal(expected.FrontProxyCaSealedKey, actual.FrontProxyCaSealedKey);
        Assert.Equal(expected.ServiceAccountSealedKey, actual.ServiceAccountSealedKey);
    }

    [Fact]
    public async Task SaveClusterPkiAsync_AfterReopen_EveryFieldBack()
    {
        await using (var store = await OpenAsync())
        {
            Assert.Null(await store.GetClusterPkiAsync("alpha", CancellationToken.None));
            AssertSame(Pki("alpha", "a"), await store.SaveClusterPkiAsync(Pki("alpha", "a"), CancellationToken.None));
            await store.SaveClusterPkiAsync(Pki("beta", "b"), CancellationToken.None);
        }

        await using var reopened = await OpenAsync();

        AssertSame(Pki("alpha", "a"), await reopened.GetClusterPkiAsync("alpha", CancellationToken.None));
        AssertSame(Pki("beta", "b"), await reopened.GetClusterPkiAsync("beta", CancellationToken.None));
    }

    [Fact]
    public async Task SaveClusterPkiAsync_SecondSave_NeverReplacesTheFirstAndReturnsIt()
    {
        await using (var store = await OpenAsync())
        {
            await store.SaveClusterPkiAsync(Pki("alpha", "a"), CancellationToken.None);

            AssertSame(Pki("alpha", "a"), await store.SaveClusterPkiAsync(Pki("alpha", "z"), CancellationToken.None));
        }

        await using var reopened = await OpenAsync();
        AssertSame(Pki("alpha", "a"), await reopened.SaveClusterPkiAsync(Pki("alpha", "y"), CancellationToken.None));
        AssertSame(Pki("alpha", "a"), await reopened.GetClusterPkiAsync("alpha", CancellationToken.None));
    }

    [Fact]
    public async Task SaveClusterPkiAsync_ManyRacingSaves_AllGetTheOneThatWon()
    {
        await using var store = await OpenAsync();

        var results = await Task.WhenAll("abcdefghijklmnop".Select(tag => Task.Run(() => store.SaveClusterPkiAsync(Pki("alpha", tag.ToString()), CancellationToken.None))));

        Assert.Single(results.Select(r => r.ClusterCaCertificatePem).Distinct());
        AssertSame(results[0], await store.GetClusterPkiAsync("alpha", CancellationToken.None));
    }

    [Fact]
    public async Task SaveClusterPkiAsync_FilesCopiedTheMomentItReturns_CopyHoldsThePki()
    {
        // What a kill -9 right after the save leaves: the database and WAL files as they are, never closed.
        await using var store = await OpenAsync();
        await store.SaveClusterPkiAsync(Pki("alpha", "a"), CancellationToken.None);
        var copy = Path.Combine(_dir, "copy", "controller.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(DatabasePath, copy);
        File.Copy(DatabasePath + "-wal", copy + "-wal");

        await using var recovered = await OpenAsync(copy);

        AssertSame(Pki("alpha", "a"), await recovered.GetClusterPkiAsync("alpha", CancellationToken.None));
        AssertSame(Pki("alpha", "a"), await recovered.SaveClusterPkiAsync(Pki("alpha", "z"), CancellationToken.None));
    }

    [Fact]
    public async Task DeleteClusterPkiAsync_KnownAndUnknown_RemovesOnlyThatCluster()
    {
        await using var store = await OpenAsync();
        await store.SaveClusterPkiAsync(Pki("alpha", "a"), CancellationToken.None);
        await store.SaveClusterPkiAsync(Pki("beta", "b"), CancellationToken.None);

        await store.DeleteClusterPkiAsync("alpha", CancellationToken.None);
        await store.DeleteClusterPkiAsync("nope", CancellationToken.None);

        Assert.Null(await store.GetClusterPkiAsync("alpha", CancellationToken.None));
        AssertSame(Pki("beta", "b"), await store.GetClusterPkiAsync("beta", CancellationToken.None));
        AssertSame(Pki("alpha", "n"), await store.SaveClusterPkiAsync(Pki("alpha", "n"), CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_DatabaseFromBeforeThePkiTable_MigratesKeepingItsRows()
    {
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = ControllerSchema.MigrationsTable + ControllerSchema.Migrations[0].Sql + """
                INSERT INTO schema_migrations (version, description, applied_at) VALUES (1, 'v1', '2026-01-01');
                INSERT INTO hosts (host, reachable) VALUES ('sled-1', 1);
                """;
            command.ExecuteNonQuery();
        }

        await using var store = await OpenAsync();

        Assert.Equal("sled-1", Assert.Single((await store.LoadAsync(CancellationToken.None)).Hosts).Host);
        AssertSame(Pki("alpha", "a"), await store.SaveClusterPkiAsync(Pki("alpha", "a"), CancellationToken.None));
    }

    [Fact]
    public async Task GetClusterPkiAsync_KeyColumnNotABlob_CorruptRow()
    {
        await using (var store = await OpenAsync())
        {
            await store.SaveClusterPkiAsync(Pki("alpha", "a"), CancellationToken.None);
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE cluster_pki SET etcd_ca_key = 'text' WHERE cluster = 'alpha'";
            command.ExecuteNonQuery();
        }

        await using var reopened = await OpenAsync();
        var e = await Assert.ThrowsAsync<ControllerStoreException>(() => reopened.GetClusterPkiAsync("alpha", CancellationToken.None));

        Assert.Equal(ControllerStoreErrorCode.CorruptRow, e.Code);
        Assert.Contains("etcd_ca_key", e.Message, StringComparison.Ordinal);
    }
}
