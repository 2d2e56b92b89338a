namespace LiquidMetal.Controller.Core.Scheduling;

internal sealed partial class PlanningSession
{
    /// <summary>A score at or above this means the node shares a host with its kind (not just a failure domain).</summary>
    private const int SameHostWeight = 1 << 20;

    /// <summary>Clusters that lost quorum first, then larger control planes; a new cluster's control plane fits whole or not at all.</summary>
    private void PlaceControlPlanes(List<ClusterState> clusters)
    {
        foreach (var cluster in clusters)
        {
            cluster.LostQuorum = !cluster.IsNew && cluster.PlacedControlPlane < cluster.Quorum;
        }

        var order = clusters
            .Where(c => c.NotAdmitted is null)
            .OrderBy(c => c.LostQuorum ? 0 : 1)
            .ThenByDescending(c => c.ControlPlane.Count > 0 ? c.ControlPlane[0].MemoryMiB : 0)
            .ThenByDescending(c => c.ControlPlane.Count > 0 ? c.ControlPlane[0].Cpus : 0)
            .ThenBy(c => c.Name, StringComparer.Ordinal);
        foreach (var cluster in order)
        {
            List<NodeWork>? missing = null;
            foreach (var node in cluster.ControlPlane)
            {
                if (node.Host is null)
                {
                    (missing ??= []).Add(node);
                }
            }

            if (missing is null)
            {
                continue;
            }

            foreach (var node in missing)
            {
                PlaceMicroVm(node);
            }

            if (cluster.IsNew && missing.FirstOrDefault(n => n.Host is null) is { } stuck)
            {
                cluster.NotAdmitted = $"its control plane does not fit: no host can take {stuck.Name}";
                foreach (var node in missing.Where(n => n.Host is not null))
                {
                    Assign(node, node.Host!, -1);
                    node.UnplacedReason = $"a new cluster is placed only when its whole control plane fits, and {stuck.Name} does not";
                }
            }
        }
    }

    /// <summary>MicroVM workers of admitted clusters, larger first (first-fit decreasing), lost-quorum clusters first.</summary>
    private void PlaceWorkers(List<ClusterState> clusters)
    {
        var workers = clusters.Where(c => c.NotAdmitted is null).SelectMany(c => c.Workers).Where(n => n.Host is null && !n.IsMetal).ToList();
        workers.Sort((a, b) =>
        {
            var byQuorum = (a.Cluster.LostQuorum ? 0 : 1).CompareTo(b.Cluster.LostQuorum ? 0 : 1);
            return byQuorum != 0 ? byQuorum : CompareBySizeDescending(a, b);
        });
        foreach (var node in workers)
        {
            PlaceMicroVm(node);
        }
    }

    /// <summary>Bare-metal workers: one node per matching metal host, spread over failure domains, hosts in name order.</summary>
    private void PlaceMetalWorkers(List<ClusterState> clusters)
    {
        foreach (var node in clusters.Where(c => c.NotAdmitted is null).SelectMany(c => c.Workers).Where(n => n.Host is null && n.IsMetal))
        {
            HostState? best = null;
            var bestScore = int.MaxValue;
            foreach (var host in _hosts)
            {
                if (WhyNotMetal(node, host) is null && node.Pool!.InDomain(host.Domain) < bestScore)
                {
                    best = host;
                    bestScore = node.Pool.InDomain(host.Domain);
                }
            }

            if (best is null)
            {
                Unplaced(node, excluded: null);
                continue;
            }

            Assign(node, best, +1);
            SetPlaced(node, $"metal host matching hostSelector {node.Node.Metal}" +
                (bestScore == 0 ? $"; no other node of pool {node.Pool!.Name} in failure domain {best.Host.FailureDomain}"
                    : $"; every free matching host's failure domain already has a node of pool {node.Pool!.Name}"));
        }
    }

    private void PlaceMicroVm(NodeWork node)
    {
        if (node.Node.Machine is null)
        {
            node.UnplacedReason = "its machine template is not declared";
            return;
        }

        var host = FindHost(node, excluded: null, out var score);
        if (host is null)
        {
            Unplaced(node, excluded: null);
            return;
        }

        Assign(node, host, +1);
        SetPlaced(node, PlacedReason(node, host, score));
    }

    private static void SetPlaced(NodeWork node, string reason)
    {
        node.Change = node.PreviousHost is null ? PlacementChange.New : PlacementChange.Moved;
        node.Reason = node.PreviousHost is null ? reason : $"moved from {node.PreviousHost} ({node.PreviousReleaseReason}); {reason}";
    }

    private void Unplaced(NodeWork node, HostState? excluded)
    {
        node.Rejections = Explain(node, excluded);
        node.UnplacedReason = node.Rejections.Count == 0 ? "there are no hosts" : "no host can take it";
    }

    /// <summary>
    /// First fit in host-name order among hosts that meet every hard constraint, preferring the lowest spread score
    /// (0 = no node of the same pool, or control plane, on the host or in its failure domain); stops at the first 0.
    /// </summary>
    private HostState? FindHost(NodeWork node, HostState? excluded, out int bestScore)
    {
        HostState? best = null;
        bestScore = int.MaxValue;
        for (var index = _tree.FindFirst(0, node.MemoryMiB, node.Cpus); index >= 0; index = _tree.FindFirst(index + 1, node.MemoryMiB, node.Cpus))
        {
            var host = _hosts[index];
            if (host == excluded || !host.Fits(node))
            {
                continue;
            }

            var score = SpreadScore(node, host);
            if (score < bestScore)
            {
                best = host;
                bestScore = score;
                if (score == 0)
                {
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>Lower is better; int.MaxValue breaks a hard rule (control-plane nodes sharing a failure domain when not allowed).</summary>
    private static int SpreadScore(NodeWork node, HostState host)
    {
        if (!node.IsControlPlane)
        {
            return (node.Pool!.OnHost(host.Index) * SameHostWeight) + node.Pool.InDomain(host.Domain);
        }

        var score = 0;
        foreach (var other in node.Cluster.ControlPlane)
        {
            if (other != node && other.Host is { } placed)
            {
                score += placed == host ? SameHostWeight + 1 : placed.Domain == host.Domain ? 1 : 0;
            }
        }

        return score > 0 && !node.Cluster.Cluster.ControlPlane.AllowSharedFailureDomains ? int.MaxValue : score;
    }

    private static string PlacedReason(NodeWork node, HostState host, int score)
    {
        var fit = $"first host in name order with room for {node.Size} ({host.FreeCpus(node.Overcommit)} vCPUs, {host.FreeMemoryMiB(node.Overcommit)} MiB left)";
        if (node.IsControlPlane)
        {
            return score == 0
                ? $"{fit}; no other {node.Cluster.Name} control-plane node in failure domain {host.Host.FailureDomain}"
                : $"{fit}; shares failure domain {host.Host.FailureDomain} with another {node.Cluster.Name} control-plane node " +
                  "because no free one can take it (allowSharedFailureDomains)";
        }

        return score == 0
            ? $"{fit}; no other node of pool {node.Pool!.Name} on this host or in failure domain {host.Host.FailureDomain}"
            : $"{fit}; spreads pool {node.Pool!.Name} as far as the fleet allows ({node.Pool.OnHost(host.Index) - 1} other nodes of the pool on this host)";
    }
}
