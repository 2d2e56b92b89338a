namespace LiquidMetal.Oci.Registry;

/// <summary>How to reach one registry host (the key in <see cref="OciClientOptions.Registries"/>, e.g. <c>docker.io</c>, <c>127.0.0.1:5000</c>).</summary>
public sealed class RegistryOptions
{
    /// <summary>Speak plain HTTP instead of HTTPS. Off by default; only for a local mirror on a trusted network.</summary>
    public bool PlainHttp { get; set; }

    /// <summary>A PEM file of CA certificates trusted for this registry's HTTPS (in addition to the system's).</summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// Registries to try first, in order, for images of this registry: <c>host[:port][/path-prefix]</c>; the image's
    /// repository is appended to the prefix (<c>docker.io/library/alpine</c> via <c>mirror.local:5000/dockerhub</c> is
    /// <c>mirror.local:5000/dockerhub/library/alpine</c>). Each mirror host may have its own entry for TLS options.
    /// </summary>
    public IList<string> Mirrors { get; } = [];

    /// <summary>When mirrors are set and all fail, do not fall back to this registry itself (air-gapped sites).</summary>
    public bool MirrorsOnly { get; set; }
}
