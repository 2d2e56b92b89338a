using System.Security.Cryptography;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Pki.Tests.TestSupport;
using LiquidMetal.Controller.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Controller.Pki.Tests;

/// <summary>The provider over the real SQLite store, in a temp directory, reopened as a restarted controller would.</summary>
public sealed class ClusterPkiProviderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly byte[] _keyBytes = RandomNumberGenerator.GetBytes(32);
    private readonly ClusterPkiOptions _options = new() { KeyAlgorithm = KeyAlgorithm.EcdsaP256 };

    public void Dispose() => _dir.Dispose();

    private Task<SqliteControllerStore> OpenStoreAsync() => SqliteControllerStore.OpenAsync(
        new SqliteControllerStoreOptions { DatabasePath = Path.Combine(_dir.Path, "controller.db") },
        NullLogger<SqliteControllerStore>.Instance, CancellationToken.None);

    private ClusterPkiProvider Provider(IClusterPkiStore store, PkiEncryptionKey key, RecordingLogger<ClusterPkiProvider>? logger = null) =>
        new(store, key, _options, new FakeTimeProvider(T0), logger ?? new RecordingLogger<ClusterPkiProvider>());

    [Fact]
    public async Task GetOrCreateAsync_AcrossControllerRestarts_SameCaAndKeys()
    {
        ClusterPki first;
        await using (var store = await OpenStoreAsync())
        {
            using var key = PkiEncryptionKey.FromBytes(_keyBytes, "pki.key");
            first = await Provider(store, key).GetOrCreateAsync("alpha", CancellationToken.None);
            Assert.Equal(first, await Provider(store, key).GetOrCreateAsync("alpha", CancellationToken.None));
        }

        await using var reopened = await OpenStoreAsync();
        using var sameKey = PkiEncryptionKey.FromBytes(_keyBytes, "pki.key");
        var provider = Provider(reopened, sameKey);

        Assert.Equal(first, await provider.GetOrCreateAsync("alpha", CancellationToken.None));
        Assert.Equal(first, await provider.GetAsync("alpha", CancellationToken.None));
        Assert.Null(await provider.GetAsync("beta", CancellationToken.None));
        Assert.NotEqual(first.CaCertHash, (await provider.GetOrCreateAsync("beta", CancellationToken.None)).CaCertHash);
    }

    [Fact]
    public async Task GetOrCreateAsync_EightRacingGenerations_EveryCallerGetsTheOneStored()
    {
        await using var store = await OpenStoreAsync();
        using var key = PkiEncryptionKey.FromBytes(_keyBytes, "pki.key");
        var logger = new RecordingLogger<ClusterPkiProvider>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Provider(store, key, logger).GetOrCreateAsync("alpha", CancellationToken.None))));

        var stored = await store.GetClusterPkiAsync("alpha", CancellationToken.None);
        Assert.Single(results.Select(r => r.ClusterCa.CertificatePem).Distinct());
        Assert.Equal(stored!.ClusterCaCertificatePem, results[0].ClusterCa.CertificatePem);
        Assert.Single(logger.Lines, l => l.Contains("Stored the PKI of cluster alpha", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetOrCreateAsync_RestartedWithAnotherKey_WrongKeyAndNothingReplaced()
    {
        ClusterPki first;
        await using (var store = await OpenStoreAsync())
        {
            using var key = PkiEncryptionKey.FromBytes(_keyBytes, "pki.key");
            first = await Provider(store, key).GetOrCreateAsync("alpha", CancellationToken.None);
        }

        await using var reopened = await OpenStoreAsync();
        using (var wrong = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "/etc/liquidmetal/new.key"))
        {
            var e = await Assert.ThrowsAsync<PkiException>(() => Provider(reopened, wrong).GetOrCreateAsync("alpha", CancellationToken.None));
            Assert.Equal(PkiErrorCode.WrongEncryptionKey, e.Code);
            Assert.Contains("/etc/liquidmetal/new.key", e.Message, StringComparison.Ordinal);
        }

        using var right = PkiEncryptionKey.FromBytes(_keyBytes, "pki.key");
        Assert.Equal(first, await Provider(reopened, right).GetOrCreateAsync("alpha", CancellationToken.None));
    }

    [Fact]
    public async Task GetOrCreateAsync_Logs_CaHashButNoKeyMaterial()
    {
        await using var store = await OpenStoreAsync();
        using var key = PkiEncryptionKey.FromBytes(_keyBytes, "pki.key");
        var logger = new RecordingLogger<ClusterPkiProvider>();

        var pki = await Provider(store, key, logger).GetOrCreateAsync("alpha", CancellationToken.None);

        var log = string.Join("\n", logger.Lines);
        Assert.Contains("Generating the PKI of cluster alpha (EcdsaP256 keys)", log, StringComparison.Ordinal);
        Assert.Contains($"Stored the PKI of cluster alpha: CA hash {pki.CaCertHash}", log, StringComparison.Ordinal);
        foreach (var fragment in TestPki.SecretFragments(pki).Append(Convert.ToBase64String(_keyBytes)).Append(Convert.ToHexString(_keyBytes)))
        {
            Assert.DoesNotContain(fragment, log, StringComparison.OrdinalIgnoreCase);
        }
    }
}
