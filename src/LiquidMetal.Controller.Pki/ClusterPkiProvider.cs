using LiquidMetal.Controller.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// Each cluster's PKI, generated on first use and kept in <see cref="IClusterPkiStore"/> with its private keys
/// sealed. What it returns is always what the store holds, opened: when two generations race, the one stored
/// first is every caller's, and a PKI that cannot be opened with the operator's key is never handed out.
/// </summary>
public sealed partial class ClusterPkiProvider
{
    private readonly IClusterPkiStore _store;
    private readonly ClusterPkiSealer _sealer;
    private readonly ClusterPkiGenerator _generator;
    private readonly ClusterPkiOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ClusterPkiProvider(IClusterPkiStore store, PkiEncryptionKey key, ClusterPkiOptions options, TimeProvider timeProvider, ILogger<ClusterPkiProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _sealer = new ClusterPkiSealer(key);
        _generator = new ClusterPkiGenerator(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The cluster's PKI, or null when it has none yet.</summary>
    public async Task<ClusterPki?> GetAsync(string cluster, CancellationToken cancellationToken)
    {
        var stored = await _store.GetClusterPkiAsync(cluster, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : _sealer.Unseal(stored);
    }

    /// <summary>The cluster's PKI, generated and stored first when it has none.</summary>
    public async Task<ClusterPki> GetOrCreateAsync(string cluster, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        var stored = await _store.GetClusterPkiAsync(cluster, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return _sealer.Unseal(stored);
        }

        LogGenerating(_logger, cluster, _options.KeyAlgorithm);
        var generated = await Task.Run(() => _generator.Generate(_options.KeyAlgorithm, _options.CaLifetime), cancellationToken).ConfigureAwait(false);
        var sealedPki = _sealer.Seal(cluster, generated, _timeProvider.GetUtcNow());
        stored = await _store.SaveClusterPkiAsync(sealedPki, cancellationToken).ConfigureAwait(false);
        var pki = _sealer.Unseal(stored);
        if (string.Equals(stored.ClusterCaCertificatePem, sealedPki.ClusterCaCertificatePem, StringComparison.Ordinal))
        {
            LogStored(_logger, cluster, pki.CaCertHash);
        }
        else
        {
            LogKeptEarlier(_logger, cluster, pki.CaCertHash);
        }

        return pki;
    }
}
