using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Scheduling;

internal sealed partial class PlanningSession
{
    /// <summary>Every host's "no" for a node, in host-name order (the excluded host, being the failed one, is left out).</summary>
    private List<HostRejection> Explain(NodeWork node, HostState? excluded)
    {
        var rejections = new List<HostRejection>();
        foreach (var host in _hosts)
        {
            if (host != excluded && (node.IsMetal ? WhyNotMetal(node, host) : WhyNotMicroVm(node, host)) is { } reason)
            {
                rejections.Add(new HostRejection(host.Name, reason));
            }
        }

        return rejections;
    }

    private static string? WhyNotMetal(NodeWork node, HostState host) =>
        host.Host.Role != HostRole.Metal ? "is a kvm host, not a bare-metal worker"
        : host.Unavailable is { } unavailable ? unavailable
        : !node.Node.Metal!.Matches(host.Host) ? $"labels do not match hostSelector {node.Node.Metal}"
        : host.MetalNode is { } other ? $"is already bare-metal node {other.Name}"
        : null;

    private static string? WhyNotMicroVm(NodeWork node, HostState host)
    {
        if (host.Host.Role != HostRole.Kvm)
        {
            return "is a metal host (runs no microVMs)";
        }

        if (host.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        if (node.IsControlPlane && !node.Cluster.Cluster.ControlPlane.AllowSharedFailureDomains && ControlPlaneConflict(node, host) is { } conflict)
        {
            return conflict;
        }

        return host.Fits(node) ? null : CapacityShortfall(node, host);
    }

    /// <summary>"already runs cluster-a control-plane node cluster-a-cp-0 (failure domain sled-1)", or null.</summary>
    private static string? ControlPlaneConflict(NodeWork node, HostState host)
    {
        foreach (var other in node.Cluster.ControlPlane)
        {
            if (other == node || other.Host is not { } placed)
            {
                continue;
            }

            if (placed == host)
            {
                return $"already runs {node.Cluster.Name} control-plane node {other.Name} (failure domain {host.Host.FailureDomain})";
            }

            if (placed.Domain == host.Domain)
            {
                return $"failure domain {host.Host.FailureDomain} already holds {node.Cluster.Name} control-plane node {other.Name} (on {placed.Name})";
            }
        }

        return null;
    }

    /// <summary>"needs 4096 MiB, 2048 MiB free" (and the CPUs when those are short too).</summary>
    private static string CapacityShortfall(NodeWork node, HostState host)
    {
        var parts = new List<string>(2);
        var freeCpus = host.FreeCpus(node.Overcommit);
        var freeMemory = host.FreeMemoryMiB(node.Overcommit);
        if (freeCpus < node.Cpus)
        {
            parts.Add($"needs {node.Cpus} vCPU{(node.Cpus == 1 ? "" : "s")}, {Math.Max(0, freeCpus)} free");
        }

        if (freeMemory < node.MemoryMiB)
        {
            parts.Add($"needs {node.MemoryMiB} MiB, {Math.Max(0, freeMemory)} MiB free");
        }

        var shortfall = string.Join("; ", parts);
        return !node.Overcommit && host.FreeCpus(true) >= node.Cpus && host.FreeMemoryMiB(true) >= node.MemoryMiB
            ? $"{shortfall} without overcommit (control-plane nodes are not overcommitted unless allowOvercommit)"
            : shortfall;
    }
}
