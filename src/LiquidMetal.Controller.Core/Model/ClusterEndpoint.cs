namespace LiquidMetal.Controller.Core.Model;

/// <summary>
/// The Kubernetes API endpoint: a virtual IP that kube-vip (a static pod on every control-plane node, ARP mode) moves
/// to a healthy control-plane node, or the <c>host:port</c> of a load balancer the site provides (no kube-vip).
/// </summary>
public sealed record ClusterEndpoint
{
    /// <summary>The API server's port behind a VIP (kube-vip announces the address; the API server itself listens).</summary>
    public const int ApiServerPort = 6443;

    public const string DefaultInterface = "eth0";

    public string? Vip { get; init; }

    /// <summary>The guest interface kube-vip announces the VIP on; null means <see cref="DefaultInterface"/>. Only with a VIP.</summary>
    public string? Interface { get; init; }

    public string EffectiveInterface => Interface ?? DefaultInterface;

    /// <summary><c>host:port</c> (e.g. <c>api.cluster-a.example:6443</c>).</summary>
    public string? Address { get; init; }
}
