using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;
using LiquidMetal.Oci.Registry;
using LiquidMetal.Oci.Tests.Infrastructure;

namespace LiquidMetal.Oci.Tests.Registry;

[Collection(RegistryTests.Name)]
public sealed class OciRegistryClientTests(RegistryFixture fixture)
{
    private string Host => fixture.Registry.Host;

    [Fact]
    public async Task ResolveAsync_Tag_ReturnsManifestPushedBySkopeo()
    {
        using var client = new OciRegistryClient(RegistryFixture.FastOptions(Host));

        var resolved = await client.ResolveAsync(ImageReference.Parse($"{Host}/test/small:v1"), CancellationToken.None);

        Assert.Null(resolved.Index);
        Assert.Equal(MediaTypes.OciManifest, resolved.Manifest.Descriptor.MediaType);
        Assert.Equal(fixture.Small.Layers.Select(l => l.Digest), resolved.Image.Layers.Select(l => l.Digest));
        Assert.Equal(resolved.Manifest.Descriptor.Digest, resolved.Reference.Digest);
    }

    [Fact]
    public async Task ResolveAsync_Digest_ReturnsThatManifest()
    {
        using var client = new OciRegistryClient(RegistryFixture.FastOptions(Host));
        var byTag = await client.ResolveAsync(ImageReference.Parse($"{Host}/test/small:v1"), CancellationToken.None);

        var byDigest = await client.ResolveAsync(ImageReference.Parse($"{Host}/test/small@{byTag.Manifest.Descriptor.Digest}"), CancellationToken.None);

        Assert.Equal(byTag.Manifest.Bytes, byDigest.Manifest.Bytes);
    }

    [Fact]
    public async Task ResolveAsync_DockerV2Manifest_ParsesDockerMediaTypes()
    {
        using var client = new OciRegistryClient(RegistryFixture.FastOptions(Host));

        var resolved = await client.ResolveAsync(ImageReference.Parse($"{Host}/{RegistryFixture.DockerRepository}:v1"), CancellationToken.None);

        Assert.Equal(MediaTypes.DockerManifest, resolved.Manifest.Descriptor.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, resolved.Image.Config.MediaType);
        Assert.Equal(2, resolved.Image.Layers.Count);
    }

    [Theory]
    [InlineData("test/multi", "amd64")]
    [InlineData("test/multilist", "amd64")]
    [InlineData("test/multi", "arm64")]
    public async Task ResolveAsync_Index_PicksConfiguredPlatform(string repository, string architecture)
    {
        var options = RegistryFixture.FastOptions(Host);
        options.Platform = new Platform("linux", architecture);
        using var client = new OciRegistryClient(options);

        var resolved = await client.ResolveAsync(ImageReference.Parse($"{Host}/{repository}:v1"), CancellationToken.None);

        Assert.NotNull(resolved.Index);
        var config = ManifestParser.ParseConfig(await client.GetBlobBytesAsync(resolved.Reference, resolved.Image.Config, CancellationToken.None), "config");
        Assert.Equal(architecture, config.Platform.Architecture);
        Assert.Equal(resolved.Index.Index!.Manifests.Single(m => m.Platform!.Architecture == architecture).Digest, resolved.Manifest.Descriptor.Digest);
    }

    [Fact]
    public async Task ResolveAsync_IndexWithoutHostPlatform_PlatformNotFoundListsAvailable()
    {
        var options = RegistryFixture.FastOptions(Host);
        options.Platform = new Platform("linux", "s390x");
        using var client = new OciRegistryClient(options);

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{Host}/test/multi:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.PlatformNotFound, error.Code);
        Assert.Contains("linux/s390x", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux/amd64, linux/arm64/v8", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Theory]
    [InlineData("test/small:nope")]
    [InlineData("test/absent:v1")]
    public async Task ResolveAsync_Unknown_NotFoundNamingReference(string name)
    {
        using var client = new OciRegistryClient(RegistryFixture.FastOptions(Host));

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{Host}/{name}"), CancellationToken.None));

        Assert.Equal(OciErrorCode.NotFound, error.Code);
        Assert.Contains(Host, error.Message, StringComparison.Ordinal);
        Assert.Contains(name.Split(':')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_WrongPinnedDigest_NotFound()
    {
        using var client = new OciRegistryClient(RegistryFixture.FastOptions(Host));
        var other = Digest.ComputeSha256(TestImage.Text("nothing"));

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{Host}/test/small@{other}"), CancellationToken.None));

        Assert.Equal(OciErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task ResolveAsync_ManifestOverCap_TooLarge()
    {
        var options = RegistryFixture.FastOptions(Host);
        options.MaxManifestBytes = 100;
        using var client = new OciRegistryClient(options);

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{Host}/test/small:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.TooLarge, error.Code);
        Assert.Contains("larger than the 100 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBlobBytesAsync_ConfigOverCap_TooLargeWithoutDownloading()
    {
        var options = RegistryFixture.FastOptions(Host);
        options.MaxConfigBytes = 10;
        using var client = new OciRegistryClient(options);
        var resolved = await client.ResolveAsync(ImageReference.Parse($"{Host}/test/small:v1"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<OciException>(() => client.GetBlobBytesAsync(resolved.Reference, resolved.Image.Config, CancellationToken.None));

        Assert.Equal(OciErrorCode.TooLarge, error.Code);
    }

    [Fact]
    public async Task ResolveAsync_PlainHttpNotConfigured_FailsOverTls()
    {
        var options = RegistryFixture.FastOptions();
        options.MaxAttempts = 1;
        using var client = new OciRegistryClient(options);

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{Host}/test/small:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.TlsFailure, error.Code);
        Assert.Contains("PlainHttp", error.Message, StringComparison.Ordinal);
    }
}
