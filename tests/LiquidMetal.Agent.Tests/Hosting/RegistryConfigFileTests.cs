using LiquidMetal.Agent.Hosting;
using LiquidMetal.Oci;

namespace LiquidMetal.Agent.Tests.Hosting;

public sealed class RegistryConfigFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"lm-registries-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Load_HostsWithPortsMirrorsCaAndCredentials_AllApplied()
    {
        File.WriteAllText(_path, """
            {
              // comments are allowed
              "credentialsFile": "/etc/lm/docker.json",
              "registries": {
                "docker.io": { "mirrors": ["127.0.0.1:5000/hub", "mirror.local"], "mirrorsOnly": true },
                "127.0.0.1:5000": { "plainHttp": true },
                "registry.corp": { "caFile": "/etc/lm/ca.pem" },
              }
            }
            """);

        var options = RegistryConfigFile.Load(_path);

        Assert.Equal("/etc/lm/docker.json", options.CredentialsFile);
        Assert.Equal(["127.0.0.1:5000/hub", "mirror.local"], options.Registries["docker.io"].Mirrors);
        Assert.True(options.Registries["docker.io"].MirrorsOnly);
        Assert.True(options.Registries["127.0.0.1:5000"].PlainHttp);
        Assert.False(options.Registries["registry.corp"].PlainHttp);
        Assert.Equal("/etc/lm/ca.pem", options.Registries["registry.corp"].CaFile);
    }

    [Fact]
    public void Load_NoFile_AnonymousHttpsDefaults()
    {
        var options = RegistryConfigFile.Load(null);

        Assert.Null(options.CredentialsFile);
        Assert.Empty(options.Registries);
    }

    [Fact]
    public void Load_BadValues_EveryErrorWithItsPath()
    {
        File.WriteAllText(_path, """
            { "registries": { "a:1": { "plainHttp": "yes", "mirrors": [""], "tls": 1 } }, "proxy": "x" }
            """);

        var ex = Assert.Throws<OciException>(() => RegistryConfigFile.Load(_path));

        Assert.Equal(OciErrorCode.InvalidConfiguration, ex.Code);
        Assert.Contains("$.registries['a:1'].plainHttp: must be true or false", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.registries['a:1'].mirrors[0]: must be a non-empty string", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.registries['a:1'].tls: unknown setting", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.proxy: unknown setting", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotJson_InvalidConfigurationNamingTheFile()
    {
        File.WriteAllText(_path, "registries: {}");

        var ex = Assert.Throws<OciException>(() => RegistryConfigFile.Load(_path));

        Assert.Equal(OciErrorCode.InvalidConfiguration, ex.Code);
        Assert.Contains(_path, ex.Message, StringComparison.Ordinal);
    }
}
