namespace LiquidMetal.Agent.Hosting;

/// <summary>OCI images on this host (configuration section "Images"; switches in <see cref="AgentCommandLine"/>).</summary>
public sealed class ImageOptions
{
    /// <summary>The image cache: <c>oci/</c> (pulled blobs, tags) and <c>cache/</c> (built volumes, kernels, initrds).
    /// Default: <c>images/</c> under the state directory.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Size the periodic prune brings unreferenced images down to (blobs + artifacts). Default 20 GiB.</summary>
    public long CacheBudgetMiB { get; set; } = 20 * 1024;

    /// <summary>How often unreferenced images beyond the budget are pruned; zero turns the periodic prune off. Default 10 min.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A JSON file with registry settings (<see cref="RegistryConfigFile"/>): mirrors, plain-HTTP registries,
    /// CA files, the docker-style credentials file. None: HTTPS with the system CAs, anonymous.</summary>
    public string? RegistryConfig { get; set; }
}
