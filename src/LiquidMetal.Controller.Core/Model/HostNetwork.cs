namespace LiquidMetal.Controller.Core.Model;

/// <summary>
/// A layer-2 network a host is attached to (e.g. the site's node network), as a CIDR. Control-plane VIPs must lie in
/// one of the kvm hosts' networks: kube-vip announces them by ARP, which only reaches the same segment.
/// </summary>
public sealed record HostNetwork
{
    public required string Name { get; init; }

    /// <summary>The network in CIDR form with no host bits set, e.g. <c>10.0.0.0/24</c> or <c>fd00:10::/64</c>.</summary>
    public required string Cidr { get; init; }
}
