using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Registry;

/// <summary>One place to ask for an image: the origin registry or a mirror, with the reference rewritten for it.</summary>
/// <param name="Reference">The reference as this endpoint names it (a mirror's host and prefixed repository).</param>
/// <param name="BaseUri">Scheme and API host: <c>https://registry-1.docker.io</c> for docker.io.</param>
internal sealed record RegistryEndpoint(ImageReference Reference, Uri BaseUri, RegistryOptions Options, bool IsMirror)
{
    public string Describe() => IsMirror ? $"mirror {Reference.Registry}" : $"registry {Reference.Registry}";

    /// <summary>The origin and its mirrors in the order to try them.</summary>
    public static IReadOnlyList<RegistryEndpoint> For(ImageReference reference, OciClientOptions options)
    {
        var endpoints = new List<RegistryEndpoint>();
        var origin = OptionsFor(reference.Registry, options);
        foreach (var mirror in origin.Mirrors)
        {
            var slash = mirror.IndexOf('/', StringComparison.Ordinal);
            var host = (slash < 0 ? mirror : mirror[..slash]).ToLowerInvariant();
            var prefix = slash < 0 ? null : mirror[(slash + 1)..];
            var mirrored = reference.OnRegistry(host, prefix);
            var mirrorOptions = OptionsFor(host, options);
            endpoints.Add(new RegistryEndpoint(mirrored, BaseUriOf(host, mirrorOptions), mirrorOptions, true));
        }

        if (!origin.MirrorsOnly || origin.Mirrors.Count == 0)
        {
            endpoints.Add(new RegistryEndpoint(reference, BaseUriOf(reference.Registry, origin), origin, false));
        }

        return endpoints;
    }

    private static RegistryOptions OptionsFor(string host, OciClientOptions options) =>
        options.Registries.TryGetValue(host, out var registry) ? registry : new RegistryOptions();

    private static Uri BaseUriOf(string host, RegistryOptions options)
    {
        var apiHost = host == ImageReference.DockerHub ? "registry-1.docker.io" : host;
        return new Uri($"{(options.PlainHttp ? "http" : "https")}://{apiHost}");
    }
}
