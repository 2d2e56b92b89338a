using LiquidMetal.Oci.Manifests;

namespace LiquidMetal.Oci.Registry;

/// <summary>Settings for <see cref="OciRegistryClient"/>. Defaults suit a host agent pulling over a WAN.</summary>
public sealed class OciClientOptions
{
    /// <summary>Per-registry settings by host (<c>docker.io</c>, <c>registry.local:5000</c>); hosts not listed use HTTPS with the system CAs.</summary>
    public IDictionary<string, RegistryOptions> Registries { get; } = new Dictionary<string, RegistryOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A docker-style <c>config.json</c> with <c>auths</c> (read once when the client is created). Null: anonymous only.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>The platform picked out of image indexes. Default: linux and this host's architecture.</summary>
    public Platform Platform { get; set; } = PlatformMatcher.Host;

    /// <summary>Largest manifest or index accepted (default 4 MiB, as registries enforce).</summary>
    public long MaxManifestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest image config blob accepted (default 8 MiB).</summary>
    public long MaxConfigBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Attempts per request on transient faults without progress (default 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; doubled per attempt with full jitter (default 200 ms).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest retry delay (default 10 s).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TCP/TLS connect timeout (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for a response's headers (default 30 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for the next bytes of a body: a connection silent for this long is hung (default 30 s).</summary>
    public TimeSpan ReadIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The User-Agent header.</summary>
    public string UserAgent { get; set; } = "liquidmetal-oci/1";
}
