using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>Everything one node's bootstrap is rendered from.</summary>
public sealed record NodeBootstrapRequest
{
    public required Cluster Cluster { get; init; }

    /// <summary>A microVM node of <see cref="Cluster"/> (from <see cref="FleetNodes.Expand(Fleet, Cluster)"/>).</summary>
    public required DesiredNode Node { get; init; }

    public required BootstrapAction Action { get; init; }

    /// <summary>The name of the kvm host the node is placed on: the host part of its provider id.</summary>
    public required string HostName { get; init; }

    public required BootstrapPki Pki { get; init; }

    public required BootstrapToken Token { get; init; }
}
