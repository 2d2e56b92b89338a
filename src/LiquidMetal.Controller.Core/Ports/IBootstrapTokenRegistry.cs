using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Core.Ports;

/// <summary>Bootstrap tokens in a workload cluster (<c>kubeadm token create</c>'s part, through the cluster's API server).</summary>
public interface IBootstrapTokenRegistry
{
    /// <summary>
    /// Makes sure <paramref name="secret"/> exists in <paramref name="cluster"/>: creates it, or accepts the one already
    /// there when it carries the same token secret (idempotent: a retry after a crash re-derives the same token).
    /// </summary>
    /// <exception cref="WorkloadApiException">The server is unreachable or untrusted, refused, or holds another token under that id.</exception>
    Task EnsureAsync(WorkloadCluster cluster, BootstrapTokenSecret secret, CancellationToken cancellationToken);
}
