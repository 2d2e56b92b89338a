using LiquidMetal.Oci.References;
using LiquidMetal.Oci.Registry;
using LiquidMetal.Oci.Tests.Infrastructure;

namespace LiquidMetal.Oci.Tests.Registry;

/// <summary>Mirror rewrites for air-gapped sites: docker.io served from a local registry under a prefix.</summary>
[Collection(RegistryTests.Name)]
public sealed class MirrorTests(RegistryFixture fixture) : IAsyncLifetime
{
    private string Host => fixture.Registry.Host;

    public Task InitializeAsync() => RegistryPusher.PushAsync(Host, "dockerhub/test/small", "v1", fixture.Small);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PullAsync_DockerHubWithMirrorOnly_PullsFromMirrorPrefix()
    {
        await using var proxy = await FaultProxy.StartAsync(Host);
        var options = RegistryFixture.FastOptions(proxy.Host);
        options.Registries["docker.io"] = new RegistryOptions { MirrorsOnly = true, Mirrors = { $"{proxy.Host}/dockerhub" } };
        using var scope = new StoreScope(options);

        var image = await scope.Puller.PullAsync("test/small:v1", null, CancellationToken.None);

        Assert.Equal("docker.io/test/small:v1", $"{image.Reference.Registry}/{image.Reference.Repository}:{image.Reference.Tag}");
        Assert.Equal(fixture.Small.Layers.Select(l => l.Digest), image.Layers.Select(l => l.Digest));
        Assert.Equal(1, proxy.Count("/v2/dockerhub/test/small/manifests/v1"));
    }

    [Fact]
    public async Task ResolveAsync_MirrorDown_FallsBackToOrigin()
    {
        var options = RegistryFixture.FastOptions(Host);
        options.MaxAttempts = 1;
        var down = $"127.0.0.1:{Ports.Free()}";
        options.Registries[down] = new RegistryOptions { PlainHttp = true };
        options.Registries[Host].Mirrors.Add(down);
        using var client = new OciRegistryClient(options);

        var resolved = await client.ResolveAsync(ImageReference.Parse($"{Host}/test/small:v1"), CancellationToken.None);

        Assert.Equal($"registry {Host}", resolved.Source);
    }

    [Fact]
    public async Task ResolveAsync_MirrorsOnlyAndMirrorLacksImage_NotFoundNamingMirror()
    {
        var options = RegistryFixture.FastOptions(Host);
        options.Registries["docker.io"] = new RegistryOptions { MirrorsOnly = true, Mirrors = { $"{Host}/dockerhub" } };
        using var client = new OciRegistryClient(options);

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse("library/absent:1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.NotFound, error.Code);
        Assert.Contains($"mirror {Host}", error.Message, StringComparison.Ordinal);
        Assert.Contains("dockerhub/library/absent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MalformedMirror_InvalidConfiguration()
    {
        var options = RegistryFixture.FastOptions();
        options.Registries["docker.io"] = new RegistryOptions { Mirrors = { "not a host/x" } };

        var error = Assert.Throws<OciException>(() => new OciRegistryClient(options));

        Assert.Equal(OciErrorCode.InvalidConfiguration, error.Code);
        Assert.Contains("not a host/x", error.Message, StringComparison.Ordinal);
    }
}
