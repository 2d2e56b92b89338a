namespace LiquidMetal.Controller.Core.Ports;

/// <summary>
/// Where the controller keeps each cluster's PKI (its CAs and service-account key pair), with the private keys
/// already encrypted by the caller. A cluster's PKI is written once and never replaced: the CA outlives nodes and
/// controller restarts, and of two racing generations the first saved is the one every node gets. Writes are
/// durable when their task completes. Implementations fail with their own exception type.
/// </summary>
public interface IClusterPkiStore
{
    /// <summary>The cluster's PKI as stored, or null when it has none yet.</summary>
    Task<StoredClusterPki?> GetClusterPkiAsync(string cluster, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="pki"/> unless its cluster has a PKI already, and returns the one stored: the given one,
    /// or the one saved before it (which is never replaced).
    /// </summary>
    Task<StoredClusterPki> SaveClusterPkiAsync(StoredClusterPki pki, CancellationToken cancellationToken);

    /// <summary>Forgets the cluster's PKI (once the cluster is gone for good); nothing when there is none.</summary>
    Task DeleteClusterPkiAsync(string cluster, CancellationToken cancellationToken);
}
