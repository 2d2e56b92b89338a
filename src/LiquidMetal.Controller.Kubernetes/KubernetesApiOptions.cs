namespace LiquidMetal.Controller.Kubernetes;

/// <summary>How the controller calls workload clusters' API servers (configuration section "Kubernetes").</summary>
public sealed class KubernetesApiOptions
{
    /// <summary>
    /// The whole call, connection and TLS included (default 5 s): calls run inside a convergence round, so a cluster
    /// whose control plane is down must not hold the round for long.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The TCP connection alone (default 3 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The lifetime of the admin client certificate issued for each call (default 10 min; backdated 5 min).</summary>
    public TimeSpan ClientCertificateLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
