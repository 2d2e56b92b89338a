using System.Collections.Concurrent;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Pki;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Convergence;

internal sealed partial class FleetConverger
{
    /// <summary>Opened PKIs by cluster, with when each was made (a stored PKI never changes; forgetting one drops it here).</summary>
    private readonly ConcurrentDictionary<string, (ClusterPki Pki, DateTimeOffset CreatedAt)> _pkis = new(StringComparer.Ordinal);

    /// <summary>
    /// Why a cluster's nodes cannot be bootstrapped now, for every cluster with microVM nodes: no encryption key, or
    /// a stored PKI that does not open with it. A cluster without a PKI yet is fine: its first create makes one.
    /// </summary>
    private async Task<Dictionary<string, string>> BootstrapProblemsAsync(Fleet fleet, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cluster in fleet.Clusters.Where(c => FleetNodes.Expand(fleet, c).Any(n => n.Machine is not null)))
        {
            if (pki.Problem is { } problem)
            {
                problems[cluster.Name] = problem;
                continue;
            }

            try
            {
                await OpenPkiAsync(cluster.Name, create: false, cancellationToken).ConfigureAwait(false);
            }
            catch (PkiException e)
            {
                problems[cluster.Name] = e.Message;
            }
        }

        return problems;
    }

    /// <summary>Every cluster that needs a bootstrap, when the controller has no key: Apply refuses such a fleet.</summary>
    private IReadOnlyList<string> BootstrapErrors(Fleet fleet) => pki.Problem is { } problem
        ? [.. fleet.Clusters.Where(c => FleetNodes.Expand(fleet, c).Any(n => n.Machine is not null))
            .Select(c => $"Cluster {c.Name}: its nodes cannot be bootstrapped: {problem}")]
        : [];

    private async Task<(ClusterPki Pki, DateTimeOffset CreatedAt)?> OpenPkiAsync(string cluster, bool create, CancellationToken cancellationToken)
    {
        if (_pkis.TryGetValue(cluster, out var cached))
        {
            return cached;
        }

        var provider = pki.Require();
        var opened = create
            ? await provider.GetOrCreateAsync(cluster, cancellationToken).ConfigureAwait(false)
            : await provider.GetAsync(cluster, cancellationToken).ConfigureAwait(false);
        if (opened is null)
        {
            return null;
        }

        var stored = await pkiStore.GetClusterPkiAsync(cluster, cancellationToken).ConfigureAwait(false);
        var entry = (opened, stored?.CreatedAt ?? time.GetUtcNow());
        _pkis[cluster] = entry;
        return entry;
    }

    /// <summary>
    /// The spec to create for <paramref name="create"/>: the node's spec with its rendered bootstrap in the metadata.
    /// Every node of a cluster gets the cluster's join token (<see cref="ClusterJoinToken"/>), registered by the init
    /// node with <see cref="ControllerOptions.BootstrapTokenTtl"/>; a join after it expired is created and warned about.
    /// </summary>
    private async Task<MicroVmSpec> BootstrapSpecAsync(CreateVmAction create, Fleet fleet, List<ConvergenceEvent> events, CancellationToken cancellationToken)
    {
        var node = create.Vm.Node;
        var cluster = fleet.Clusters.First(c => c.Name == node.Cluster);
        var (clusterPki, createdAt) = (await OpenPkiAsync(cluster.Name, create: true, cancellationToken).ConfigureAwait(false))!.Value;
        var ttl = options.Value.BootstrapTokenTtl;
        var token = ClusterJoinToken.Derive(clusterPki.ClusterCa.PrivateKeyPem, cluster.Name, ttl);
        var expires = createdAt + ttl;
        if (create.Bootstrap != BootstrapAction.InitControlPlane && time.GetUtcNow() >= expires)
        {
            LogJoinTokenExpired(logger, cluster.Name, node.Name, expires);
            events.Add(new ConvergenceEvent(ConditionTypes.MachineKind, cluster.Name, node.Name, EventSeverity.Warning, "JoinTokenExpired",
                $"the join token of cluster {cluster.Name} expired at {expires:u}: {node.Name} is created, but its kubeadm join fails until that token exists in the cluster again (docs/bootstrap.md)"));
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
}
