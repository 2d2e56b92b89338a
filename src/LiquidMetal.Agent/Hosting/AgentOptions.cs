namespace LiquidMetal.Agent.Hosting;

/// <summary>The agent's own settings (configuration section "Agent"; command-line switches in <see cref="AgentCommandLine"/>).</summary>
public sealed class AgentOptions
{
    /// <summary>Durable state: the VM database, each VM's files, generated TLS material and token.</summary>
    public string StateDirectory { get; set; } = "/var/lib/liquidmetal/agent";

    /// <summary>Image files are served from here and nowhere else.</summary>
    public string ImagesDirectory { get; set; } = "/var/lib/liquidmetal/images";

    /// <summary>TCP endpoint "host:port" for gRPC over HTTP/2; empty disables TCP.</summary>
    public string Listen { get; set; } = "127.0.0.1:9090";

    /// <summary>Optional unix socket path served in addition to TCP (same TLS/auth rules apply to TCP only).</summary>
    public string? UnixSocket { get; set; }

    /// <summary>Serve plaintext HTTP/2 instead of TLS. Only when explicitly asked for.</summary>
    public bool Insecure { get; set; }

    /// <summary>PEM certificate and key; when unset, a CA and server certificate are generated under the state directory.</summary>
    public string? TlsCertificate { get; set; }
    public string? TlsKey { get; set; }

    /// <summary>PEM CA bundle: when set, clients must present a certificate signed by it (mTLS).</summary>
    public string? ClientCa { get; set; }

    /// <summary>Extra DNS names or IPs for the generated server certificate.</summary>
    public IList<string> TlsSubjectAlternativeNames { get; } = [];

    /// <summary>The API token (prefer <see cref="TokenFile"/>). When neither is set one is generated into the state directory.</summary>
    public string? Token { get; set; }
    public string? TokenFile { get; set; }

    /// <summary>Accept calls without a token. Only for isolated development setups.</summary>
    public bool DisableAuth { get; set; }

    public string DefaultProvider { get; set; } = "qemu";

    /// <summary>"text" (default, one line per event) or "json" (JSON lines with scopes, for log shippers).</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary>Run the reconcile loop; off serves the API over the stored state only (benchmarks, inspection).</summary>
    public bool Reconcile { get; set; } = true;
}
