namespace LiquidMetal.Controller.Hosting;

/// <summary>The controller's settings (configuration section "Controller"; switches in <see cref="ControllerCommandLine"/>).</summary>
public sealed class ControllerOptions
{
    /// <summary>Durable state: the database, generated TLS material and token, the Git mirror.</summary>
    public string StateDirectory { get; set; } = "/var/lib/liquidmetal/controller";

    /// <summary>A folder of manifests to apply (polled). Exclusive with <see cref="GitRepository"/>; neither: only `lm apply` uploads.</summary>
    public string? SourceFolder { get; set; }

    /// <summary>A Git repository (path or URL) to apply, at <see cref="GitBranch"/> and <see cref="GitPath"/>.</summary>
    public string? GitRepository { get; set; }
    public string GitBranch { get; set; } = "main";
    public string GitPath { get; set; } = "";

    /// <summary>How often the source is polled (default 10 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A convergence round runs at least this often (default 5 s), and at once on any change.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an agent may be unreachable before its host is failed and its nodes re-placed (default 60 s).</summary>
    public TimeSpan HostGracePeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// At most this many VMs booting at once across the fleet (created, not yet Ready); further creates wait and are
    /// reported as waiting. 0 (default): unlimited. Without KVM each boot takes a CPU for seconds: keep it near the cores.
    /// </summary>
    public int MaxBooting { get; set; }

    /// <summary>
    /// How long a cluster's join token lives (default 24 h, kubeadm's): its init node registers it with this ttl, and
    /// the controller counts it from the cluster's PKI creation. Whole seconds.
    /// </summary>
    public TimeSpan BootstrapTokenTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a joining node may take from its create to its <c>kubeadm join</c> (boot, cloud-init, image pulls): a join
    /// created with less than this left of the cluster's current token gets a fresh token, registered in the cluster
    /// through its API server first (docs/bootstrap.md). Whole seconds, under the ttl; default a quarter of the ttl, at
    /// most 1 h.
    /// </summary>
    public TimeSpan? BootstrapTokenJoinMargin { get; set; }

    /// <summary>The configured margin or its default.</summary>
    public TimeSpan JoinMargin => BootstrapTokenJoinMargin ?? Core.Convergence.JoinTokenWindows.DefaultMargin(BootstrapTokenTtl);

    /// <summary>TCP endpoint "host:port" of the controller API; empty disables it.</summary>
    public string Listen { get; set; } = "127.0.0.1:9443";

    /// <summary>Serve plaintext HTTP/2 instead of TLS. Only when explicitly asked for.</summary>
    public bool Insecure { get; set; }

    /// <summary>PEM certificate and key; when unset, a CA and server certificate are generated under the state directory.</summary>
    public string? TlsCertificate { get; set; }
    public string? TlsKey { get; set; }

    /// <summary>The API token; when neither it nor <see cref="TokenFile"/> is set one is generated into the state directory.</summary>
    public string? Token { get; set; }
    public string? TokenFile { get; set; }

    /// <summary>Accept calls without a token. Only for isolated development setups.</summary>
    public bool DisableAuth { get; set; }

    /// <summary>Talk to agents over plaintext HTTP/2 (agents started with --insecure).</summary>
    public bool AgentsInsecure { get; set; }

    /// <summary>"text" (default) or "json".</summary>
    public string LogFormat { get; set; } = "text";

    public string DatabasePath => Path.Combine(StateDirectory, "controller.db");
}
