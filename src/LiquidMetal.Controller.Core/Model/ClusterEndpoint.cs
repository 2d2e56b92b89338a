namespace LiquidMetal.Controller.Core.Model;

/// <summary>The Kubernetes API endpoint: a virtual IP, or a host name/address with a port.</summary>
public sealed record ClusterEndpoint
{
    public string? Vip { get; init; }

    /// <summary><c>host:port</c> (e.g. <c>api.cluster-a.example:6443</c>).</summary>
    public string? Address { get; init; }
}
