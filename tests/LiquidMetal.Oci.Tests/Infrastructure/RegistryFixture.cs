using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.Registry;

namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>
/// One registry storage with the standard test images, served by an anonymous docker-registry. Tests that need
/// auth or TLS start another registry process on the same storage (<see cref="StartRegistryAsync"/>).
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _root = new("lm-oci-fixture");

    public string Storage => _root.Combine("storage");

    public RegistryServer Registry { get; private set; } = null!;

    /// <summary><c>test/small:v1</c>, pushed with skopeo: two OCI tar layers, linux/amd64.</summary>
    public TestImage Small { get; } = TestImage.Create("amd64", ("a.txt", TestImage.Text("layer one")), ("b.txt", TestImage.Text("layer two")));

    /// <summary><c>test/docker:v1</c>, the same content pushed with <c>skopeo --format v2s2</c> (Docker media types).</summary>
    public const string DockerRepository = "test/docker";

    /// <summary><c>test/multi:v1</c>: an OCI index over amd64 and arm64/v8 images; <c>test/multilist:v1</c> the Docker manifest list form.</summary>
    public TestImage Amd64 { get; } = TestImage.Create("amd64", ("arch", TestImage.Text("amd64")));

    public TestImage Arm64 { get; } = TestImage.Create("arm64", "v8", false, ("arch", TestImage.Text("arm64")));

    public TestImage Multi { get; private set; } = null!;

    public TestImage MultiList { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Storage);
        Registry = await RegistryServer.StartAsync(new RegistrySettings(Storage));
        Multi = TestImage.Index(false, Amd64, Arm64);
        MultiList = TestImage.Index(true, TestImage.Create("amd64", null, true, ("arch", TestImage.Text("amd64-docker"))), TestImage.Create("arm64", "v8", true, ("arch", TestImage.Text("arm64-docker"))));
        await Task.WhenAll(
            Skopeo.PushAsync(Small, $"{Registry.Host}/test/small:v1"),
            Skopeo.PushAsync(Small, $"{Registry.Host}/{DockerRepository}:v1", "--format", "v2s2"),
            RegistryPusher.PushAsync(Registry.Host, "test/multi", "v1", Multi),
            RegistryPusher.PushAsync(Registry.Host, "test/multilist", "v1", MultiList));
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        Dispose();
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Another registry process on the same storage (auth, TLS), disposed by the caller.</summary>
    public Task<RegistryServer> StartRegistryAsync(Func<RegistrySettings, RegistrySettings> configure) =>
        RegistryServer.StartAsync(configure(new RegistrySettings(Storage)));

    /// <summary>Client options for plain HTTP to the given hosts with fast retries and short timeouts.</summary>
    public static OciClientOptions FastOptions(params string[] plainHosts)
    {
        var options = new OciClientOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            MaxAttempts = 3,
            ResponseTimeout = TimeSpan.FromSeconds(5),
            ReadIdleTimeout = TimeSpan.FromSeconds(5),
            Platform = new Platform("linux", "amd64"),
        };
        foreach (var host in plainHosts)
        {
            options.Registries[host] = new RegistryOptions { PlainHttp = true };
        }

        return options;
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryTests : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
