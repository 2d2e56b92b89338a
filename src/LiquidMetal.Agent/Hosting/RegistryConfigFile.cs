using LiquidMetal.Oci;
using LiquidMetal.Oci.Registry;

namespace LiquidMetal.Agent.Hosting;

/// <summary>
/// Reads the registry settings file (JSON, keys case-insensitive) into <see cref="OciClientOptions"/>:
/// <code>
/// { "credentialsFile": "/etc/liquidmetal/docker-config.json",
///   "registries": { "docker.io": { "mirrors": ["mirror.local:5000/dockerhub"], "mirrorsOnly": true },
///                   "mirror.local:5000": { "plainHttp": true },
///                   "registry.corp": { "caFile": "/etc/liquidmetal/corp-ca.pem" } } }
/// </code>
/// Read through Microsoft.Extensions.Configuration (no reflection-based JSON: the agent is Native AOT).
/// </summary>
internal static class RegistryConfigFile
{
    /// <exception cref="OciException"><see cref="OciErrorCode.InvalidConfiguration"/>: unreadable file or bad values, all named.</exception>
    public static OciClientOptions Load(string? path)
    {
        var options = new OciClientOptions();
        if (string.IsNullOrEmpty(path))
        {
            return options;
        }

        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new OciException(OciErrorCode.InvalidConfiguration, $"The registry config {path} cannot be read: {ex.Message}; fix the file or drop --registry-config", ex);
        }

        var errors = new List<string>();
        options.CredentialsFile = root["credentialsFile"] is { Length: > 0 } credentials ? credentials : null;
        foreach (var registry in root.GetSection("registries").GetChildren())
        {
            var settings = new RegistryOptions
            {
                PlainHttp = Flag(registry, "plainHttp", errors),
                MirrorsOnly = Flag(registry, "mirrorsOnly", errors),
                CaFile = registry["caFile"] is { Length: > 0 } ca ? ca : null,
            };
            foreach (var mirror in registry.GetSection("mirrors").GetChildren())
            {
                if (string.IsNullOrWhiteSpace(mirror.Value))
                {
                    errors.Add($"{mirror.Path}: a mirror must be host[:port][/prefix]");
                }
                else
                {
                    settings.Mirrors.Add(mirror.Value);
                }
            }

            options.Registries[registry.Key] = settings;
        }

        return errors.Count == 0
            ? options
            : throw new OciException(OciErrorCode.InvalidConfiguration, $"The registry config {path} has errors: {string.Join("; ", errors)}");
    }

    private static bool Flag(IConfigurationSection registry, string key, List<string> errors)
    {
        var value = registry[key];
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        errors.Add($"{registry.Path}:{key}: '{value}' is not true or false");
        return false;
    }
}
