namespace LiquidMetal.Controller.Core.Ports;

/// <summary>
/// How the controller reaches a workload cluster's API server: its control-plane endpoint, and its cluster CA, which
/// is the only CA the server's certificate is trusted against and signs the controller's short-lived admin client
/// certificate. <see cref="ToString"/> leaves the key out.
/// </summary>
public sealed record WorkloadCluster
{
    public required string Name { get; init; }

    /// <summary>Picks kubeadm's admin subject (kubeadm:cluster-admins from 1.29, system:masters before).</summary>
    public required string KubernetesVersion { get; init; }

    /// <summary>The endpoint's host: the VIP or the external address's host (no brackets).</summary>
    public required string EndpointHost { get; init; }
    public required int EndpointPort { get; init; }

    public required string CaCertificatePem { get; init; }
    public required string CaPrivateKeyPem { get; init; }

    /// <summary><c>https://host:port</c> (IPv6 in brackets).</summary>
    public Uri Server => new($"https://{(EndpointHost.Contains(':', StringComparison.Ordinal) ? $"[{EndpointHost}]" : EndpointHost)}:{EndpointPort}");

    public override string ToString() => $"WorkloadCluster {{ Name = {Name}, Server = {Server} }}";
}
