using System.Collections.Concurrent;
using LiquidMetal.Controller.Api;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Pki;
using LiquidMetal.Core.Vms;
using BootstrapToken = LiquidMetal.Controller.Core.Bootstrap.BootstrapToken;

namespace LiquidMetal.Controller.Convergence;

internal sealed partial class FleetConverger
{
    /// <summary>
    /// Clusters whose stored PKI opened with the key, with when each was made (a stored PKI never changes; forgetting
    /// one drops it here). Only that fact is kept: 1,000 opened RSA PKIs held 20 MiB, and a create decrypts its
    /// cluster's PKI again in well under a millisecond.
    /// </summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pkis = new(StringComparer.Ordinal);

    /// <summary>
    /// Why a cluster's nodes cannot be bootstrapped now, for every cluster with microVM nodes: no encryption key, a
    /// stored PKI that does not open with it, or a fresh join token that could not be registered in the cluster
    /// (<see cref="JoinTokenRegistrations"/>). A cluster without a PKI yet is fine: its first create makes one. With
    /// <paramref name="retryJoinTokens"/> (a round, not a preview), a cluster whose registration failed and whose wait
    /// is over is tried again here, so its machines keep saying why until it works, and its creates go ahead in the
    /// same round when it does.
    /// </summary>
    private async Task<Dictionary<string, string>> BootstrapProblemsAsync(Fleet fleet, bool retryJoinTokens, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cluster in fleet.Clusters.Where(c => HasMicroVmNodes(fleet, c)))
        {
            if (pki.Problem is { } problem)
            {
                problems[cluster.Name] = problem;
                continue;
            }

            try
            {
                var opens = await PkiOpensAsync(cluster.Name, cancellationToken).ConfigureAwait(false);
                if (joinTokens.ProblemOf(cluster.Name) is not { } tokenProblem)
                {
                    continue;
                }

                if (!retryJoinTokens || !joinTokens.IsRetryDue(cluster.Name) || !opens ||
                    await OpenPkiAsync(cluster.Name, create: false, cancellationToken).ConfigureAwait(false) is not { } known)
                {
                    problems[cluster.Name] = tokenProblem;
                    continue;
                }

                var join = await JoinTokenAsync(cluster, known.Pki, known.CreatedAt, cancellationToken).ConfigureAwait(false);
                if (join.Problem is { } still)
                {
                    problems[cluster.Name] = still;
                }
                else
                {
                    LogJoinTokenRegistered(logger, cluster.Name, join.Token.Id, join.Choice.Expires);
                }
            }
            catch (PkiException e)
            {
                problems[cluster.Name] = e.Message;
            }
            catch (JoinTokenUnavailableException e)
            {
                problems[cluster.Name] = e.Message;
            }
        }

        return problems;
    }

    /// <summary>Whether <paramref name="cluster"/> has microVM nodes (needs a bootstrap); from the round's node cache when there is one.</summary>
    private bool HasMicroVmNodes(Fleet fleet, Cluster cluster) =>
        (VmCacheOf(fleet) is { } cache ? cache.NodesOf(fleet, cluster).Nodes : FleetNodes.Expand(fleet, cluster)).Any(n => n.Machine is not null);

    /// <summary>Every cluster that needs a bootstrap, when the controller has no key: Apply refuses such a fleet.</summary>
    private IReadOnlyList<string> BootstrapErrors(Fleet fleet) => pki.Problem is { } problem
        ? [.. fleet.Clusters.Where(c => HasMicroVmNodes(fleet, c))
            .Select(c => $"Cluster {c.Name}: its nodes cannot be bootstrapped: {problem}")]
        : [];

    /// <summary>Whether <paramref name="cluster"/> has a stored PKI (opened once with the key, then remembered).</summary>
    /// <exception cref="PkiException">The stored PKI does not open with the key.</exception>
    private async Task<bool> PkiOpensAsync(string cluster, CancellationToken cancellationToken) =>
        _pkis.ContainsKey(cluster) || await OpenPkiAsync(cluster, create: false, cancellationToken).ConfigureAwait(false) is not null;

    private async Task<(ClusterPki Pki, DateTimeOffset CreatedAt)?> OpenPkiAsync(string cluster, bool create, CancellationToken cancellationToken)
    {
        var provider = pki.Require();
        var opened = create
            ? await provider.GetOrCreateAsync(cluster, cancellationToken).ConfigureAwait(false)
            : await provider.GetAsync(cluster, cancellationToken).ConfigureAwait(false);
        if (opened is null)
        {
            return null;
        }

        if (!_pkis.TryGetValue(cluster, out var createdAt))
        {
            var stored = await pkiStore.GetClusterPkiAsync(cluster, cancellationToken).ConfigureAwait(false);
            createdAt = _pkis.GetOrAdd(cluster, stored?.CreatedAt ?? time.GetUtcNow());
        }

        return (opened, createdAt);
    }

    /// <summary>
    /// The spec to create for <paramref name="create"/>: the node's spec with its rendered bootstrap in the metadata.
    /// The init node gets the cluster's init token (<see cref="ClusterJoinToken.Derive"/>), which it registers with
    /// <see cref="ControllerOptions.BootstrapTokenTtl"/>. A join gets it too while at least
    /// <see cref="ControllerOptions.JoinMargin"/> of it is left; later, the fresh token of its issue window, which is
    /// registered in the cluster through its API server before the VM is created (<see cref="JoinTokenRegistrations"/>).
    /// </summary>
    /// <exception cref="JoinTokenUnavailableException">The fresh token is not registered: the VM must not be created.</exception>
    private async Task<MicroVmSpec> BootstrapSpecAsync(CreateVmAction create, Fleet fleet, CancellationToken cancellationToken)
    {
        var node = create.Vm.Node;
        var cluster = fleet.Clusters.First(c => c.Name == node.Cluster);
        var (clusterPki, createdAt) = (await OpenPkiAsync(cluster.Name, create: true, cancellationToken).ConfigureAwait(false))!.Value;
        BootstrapToken token;
        if (create.Bootstrap == BootstrapAction.InitControlPlane)
        {
            token = ClusterJoinToken.Derive(clusterPki.ClusterCa.PrivateKeyPem, cluster.Name, options.Value.BootstrapTokenTtl);
        }
        else
        {
            var join = await JoinTokenAsync(cluster, clusterPki, createdAt, cancellationToken).ConfigureAwait(false);
            if (join.Problem is { } problem)
            {
                throw new JoinTokenUnavailableException(problem);
            }

            token = join.Token;
            if (join.Choice.IsFresh)
            {
                LogFreshJoinToken(logger, node.Name, cluster.Name, token.Id, join.Choice.Expires);
            }
        }

        var bootstrap = NodeBootstrapRenderer.Render(new NodeBootstrapRequest
        {
            Cluster = cluster,
            Node = node,
            Action = create.Bootstrap,
            HostName = create.Host,
            Pki = clusterPki.ToBootstrapPki(),
            Token = token,
        });
        LogRenderedBootstrap(logger, node.Name, create.Bootstrap);
        return NodeVms.WithBootstrap(create.Vm, bootstrap);
    }

    /// <summary>The token a join created now gets (<see cref="JoinTokenRegistrations.ForJoinAsync"/>), through the cluster's endpoint.</summary>
    private Task<JoinToken> JoinTokenAsync(Cluster cluster, ClusterPki clusterPki, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        if (KubeconfigEndpoint.Of(cluster) is not { } endpoint)
        {
            throw new JoinTokenUnavailableException($"cluster {cluster.Name} has no control-plane endpoint to register join tokens at (spec.controlPlane.endpoint)");
        }

        var workload = new WorkloadCluster
        {
            Name = cluster.Name,
            KubernetesVersion = cluster.KubernetesVersion,
            EndpointHost = endpoint.Host,
            EndpointPort = endpoint.Port,
            CaCertificatePem = clusterPki.ClusterCa.CertificatePem,
            CaPrivateKeyPem = clusterPki.ClusterCa.PrivateKeyPem,
        };
        return joinTokens.ForJoinAsync(workload, createdAt, options.Value.BootstrapTokenTtl, options.Value.JoinMargin, cancellationToken);
    }

    /// <summary>
    /// A create retried after a crash may carry other metadata than the first (the action chosen again): the agent then
    /// answers AlreadyExists for the same namespace/id. The id is derived from node and spec hash, so a VM with it is
    /// this node's VM with this spec: it is taken as created (its bootstrap is the first one's, which is what the guest
    /// has booted with).
    /// </summary>
    private static async Task<MicroVm?> FindExistingAsync(AgentWatcher watcher, CreateVmAction create, CancellationToken cancellationToken)
    {
        var vms = await watcher.Client.ListMicroVmsAsync(create.Record.Cluster, cancellationToken).ConfigureAwait(false);
        return vms.FirstOrDefault(v => v.Id == create.Vm.VmId && v.Namespace == create.Record.Cluster);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating {Node} of {Cluster} with fresh join token {TokenId} (expires {Expires:u}): the cluster's earlier token expires too soon")]
    private static partial void LogFreshJoinToken(ILogger logger, string node, string cluster, string tokenId, DateTimeOffset expires);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered join token {TokenId} of cluster {Cluster} (expires {Expires:u}) after earlier failures: its joins go ahead")]
    private static partial void LogJoinTokenRegistered(ILogger logger, string cluster, string tokenId, DateTimeOffset expires);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not creating {Node} of {Cluster}: {Problem}")]
    private static partial void LogJoinTokenUnavailable(ILogger logger, string node, string cluster, string problem);
}
