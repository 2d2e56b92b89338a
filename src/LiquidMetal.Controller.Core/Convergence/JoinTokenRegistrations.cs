using System.Collections.Concurrent;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Gives a joining node a token that will still be valid when it joins (<see cref="JoinTokenWindows"/>) and, when that
/// is a fresh one, makes sure it exists in the cluster first (<see cref="IBootstrapTokenRegistry"/>). Remembers per
/// cluster the window already registered (one call per cluster and window) and the last failure: after one, calls for
/// that cluster wait (5 s, doubling to 5 min) and meanwhile answer the failure at once, so a cluster whose API server
/// is down costs one short attempt per wait, never one per node or round. Nothing here needs storing: after a restart
/// the same token is derived again and registering it again is accepted.
/// </summary>
public sealed class JoinTokenRegistrations
{
    private readonly IBootstrapTokenRegistry _registry;
    private readonly TimeProvider _time;
    private readonly TimeSpan _firstRetry;
    private readonly TimeSpan _maxRetry;
    private readonly ConcurrentDictionary<string, (long Window, string TokenId)> _registered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Failure> _failures = new(StringComparer.Ordinal);

    public JoinTokenRegistrations(IBootstrapTokenRegistry registry, TimeProvider time, TimeSpan? firstRetry = null, TimeSpan? maxRetry = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        _registry = registry;
        _time = time;
        _firstRetry = firstRetry ?? TimeSpan.FromSeconds(5);
        _maxRetry = maxRetry ?? TimeSpan.FromMinutes(5);
    }

    private sealed record Failure(string Problem, int Attempts, DateTimeOffset RetryAt);

    /// <summary>
    /// The token for a join created now in <paramref name="cluster"/>, made <paramref name="clusterCreated"/> with
    /// token ttl <paramref name="ttl"/>: the init token while at least <paramref name="margin"/> of it is left, else
    /// the current window's fresh token, registered in the cluster (or the reason it is not: then the VM must wait).
    /// </summary>
    public async Task<JoinToken> ForJoinAsync(WorkloadCluster cluster, DateTimeOffset clusterCreated, TimeSpan ttl, TimeSpan margin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var now = _time.GetUtcNow();
        var choice = JoinTokenWindows.Choose(clusterCreated, now, ttl, margin);
        if (choice.Window is not { } window)
        {
            return new JoinToken(ClusterJoinToken.Derive(cluster.CaPrivateKeyPem, cluster.Name, ttl), choice, null);
        }

        var token = ClusterJoinToken.DeriveFresh(cluster.CaPrivateKeyPem, cluster.Name, window, choice.Expires - now);
        if (_registered.TryGetValue(cluster.Name, out var done) && done == (window, token.Id))
        {
            return new JoinToken(token, choice, null);
        }

        _failures.TryGetValue(cluster.Name, out var failure);
        if (failure is not null && now < failure.RetryAt)
        {
            return new JoinToken(token, choice, failure.Problem);
        }

        var secret = new BootstrapTokenSecret(token, choice.Expires,
            $"Liquid Metal join token of cluster {cluster.Name}, issue window {window} (nodes created until {clusterCreated + TimeSpan.FromTicks((window + 1) * ttl.Ticks):u})");
        try
        {
            await _registry.EnsureAsync(cluster, secret, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkloadApiException e)
        {
            var attempts = (failure?.Attempts ?? 0) + 1;
            var wait = TimeSpan.FromTicks(Math.Min(_maxRetry.Ticks, _firstRetry.Ticks * (1L << Math.Min(attempts - 1, 20))));
            var retryAt = _time.GetUtcNow() + wait;
            var problem = Describe(cluster, secret, e, retryAt);
            _failures[cluster.Name] = new Failure(problem, attempts, retryAt);
            return new JoinToken(token, choice, problem);
        }

        _registered[cluster.Name] = (window, token.Id);
        _failures.TryRemove(cluster.Name, out _);
        return new JoinToken(token, choice, null);
    }

    /// <summary>Why <paramref name="cluster"/>'s last fresh token could not be registered; null when there is no such failure.</summary>
    public string? ProblemOf(string cluster) => _failures.TryGetValue(cluster, out var failure) ? failure.Problem : null;

    /// <summary>The cluster's last registration failed and its wait is over: the next <see cref="ForJoinAsync"/> calls the cluster again.</summary>
    public bool IsRetryDue(string cluster) => _failures.TryGetValue(cluster, out var failure) && _time.GetUtcNow() >= failure.RetryAt;

    /// <summary>The clusters with a failure on record.</summary>
    public IReadOnlyCollection<string> FailedClusters => [.. _failures.Keys];

    /// <summary>Drops what is known of <paramref name="cluster"/> (its PKI was forgotten).</summary>
    public void Forget(string cluster)
    {
        _registered.TryRemove(cluster, out _);
        _failures.TryRemove(cluster, out _);
    }

    private static string Describe(WorkloadCluster cluster, BootstrapTokenSecret secret, WorkloadApiException e, DateTimeOffset retryAt)
    {
        var what = e.Code switch
        {
            WorkloadApiErrorCode.Unreachable => "make sure its control plane is up and its endpoint reachable from the controller",
            WorkloadApiErrorCode.Untrusted => "its API server's certificate is not from the cluster CA the controller keeps: is the endpoint this cluster's?",
            WorkloadApiErrorCode.Unauthorized => "the API server does not accept the controller's admin certificate (kubeadm's admin subject from the cluster CA)",
            WorkloadApiErrorCode.Conflict => $"delete Secret {BootstrapTokenSecret.Namespace}/{secret.Name} in the cluster if nothing else uses it",
            _ => "see the API server's answer",
        };
        return $"the fresh join token {secret.Token} for nodes created now cannot be registered at {cluster.Server}: {e.Message}; " +
            $"{what}. No VM that joins {cluster.Name} is created until it is (next try after {retryAt:u}; docs/bootstrap.md)";
    }
}
