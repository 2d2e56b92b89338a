using LiquidMetal.Agent.Api;
using LiquidMetal.Agent.Images;
using LiquidMetal.Agent.Linux.CloudInit;
using LiquidMetal.Agent.Linux.Console;
using LiquidMetal.Agent.Linux.Host;
using LiquidMetal.Agent.Linux.Images;
using LiquidMetal.Agent.Linux.Networking;
using LiquidMetal.Agent.Qemu;
using LiquidMetal.Hosting.Security;
using LiquidMetal.Agent.Sqlite;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Reconcile;
using LiquidMetal.Core.Service;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Validation;
using LiquidMetal.Core.Vms;
using Grpc.Health.V1;
using Grpc.Reflection;
using Grpc.Reflection.V1Alpha;
using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.Pull;
using LiquidMetal.Oci.References;
using LiquidMetal.Oci.Registry;
using Microsoft.Extensions.Options;
using AgentWire = LiquidMetal.Api.Agent.V1;
using Flintlock = LiquidMetal.Api.Flintlock.Services.V1Alpha1;

namespace LiquidMetal.Agent.Hosting;

/// <summary>Wires the core to its adapters: SQLite store, QEMU driver, ip(8) networking, NoCloud seeds, file and OCI images.</summary>
internal static class AgentServiceCollectionExtensions
{
    public static IServiceCollection AddAgentServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection("Agent")).ValidateOnStart();
        services.AddOptions<ReconcilerOptions>().Bind(configuration.GetSection("Reconciler")).ValidateOnStart();
        services.AddOptions<QemuOptions>().Bind(configuration.GetSection(QemuOptions.SectionName))
            .PostConfigure(qemu => qemu.RunAsUser = VmmUser.Choose(configuration[$"{QemuOptions.SectionName}:RunAsUser"]))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<QemuOptions>, QemuOptionsValidator>();
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection("Console"));
        services.AddOptions<NoCloudSeedOptions>().Bind(configuration.GetSection("CloudInit"));
        services.AddOptions<ValidationLimits>();
        services.AddOptions<FileImageOptions>().Configure<IOptions<AgentOptions>>((images, agent) => images.ImagesDirectory = Path.GetFullPath(agent.Value.ImagesDirectory));
        services.AddOptions<NetworkOptions>().Configure<IOptions<ReconcilerOptions>>((network, reconciler) =>
        {
            network.Namespace = reconciler.Value.NetworkNamespace;
            network.DefaultBridge = reconciler.Value.DefaultBridge;
            network.DefaultMacvtapParent = reconciler.Value.DefaultMacvtapParent;
        });

        services.AddSingleton(sp => new VmLayout(Path.GetFullPath(sp.GetRequiredService<IOptions<AgentOptions>>().Value.StateDirectory)));
        services.AddSingleton<IVmStore>(sp =>
        {
            var layout = sp.GetRequiredService<VmLayout>();
            Directory.CreateDirectory(layout.StateRoot);
            var options = new SqliteVmStoreOptions { DatabasePath = Path.Combine(layout.StateRoot, "agent.db") };
            return SqliteVmStore.OpenAsync(options, sp.GetRequiredService<ILogger<SqliteVmStore>>(), sp.GetRequiredService<TimeProvider>(), CancellationToken.None)
                .GetAwaiter().GetResult();
        });

        services.AddSingleton<QemuVmmDriver>();
        services.AddSingleton<IVmmDriver>(sp => sp.GetRequiredService<QemuVmmDriver>());
        services.AddSingleton(sp => new VmmProviders(sp.GetServices<IVmmDriver>(), sp.GetRequiredService<IOptions<AgentOptions>>().Value.DefaultProvider));
        services.AddSingleton<IDiskProvisioner, QemuImgDiskProvisioner>();
        // Order matters: file references first (a bare name like "vmlinux" also parses as an OCI reference).
        services.AddSingleton<IImageSource, FileImageSource>();
        services.AddOciImages(configuration);
        services.AddSingleton<IImageSource, OciImageSource>();
        services.AddSingleton<INetworkManager, IpNetworkManager>();
        services.AddSingleton<IMetadataSeedBuilder, NoCloudSeedBuilder>();
        services.AddSingleton<IConsoleLog, ConsoleLogFile>();
        services.AddSingleton<ConsoleFollower>();

        services.AddSingleton(sp => new WorkQueue<string>(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MicroVmSpecValidator(
            sp.GetRequiredService<IOptions<ValidationLimits>>().Value,
            reference => ImageReferenceProblem(reference)));
        services.AddSingleton<MicroVmService>();
        services.AddSingleton<VmReconciler>();
        services.AddSingleton<ReconcileLoop>();
        services.AddSingleton<OrphanCollector>();
        services.AddHostedService<AgentWorker>();

        services.AddSingleton<HostInventory>();
        services.AddSingleton<ConsoleStreamer>();
        services.AddSingleton<ImageApi>();
        services.AddSingleton(sp =>
        {
            var agent = sp.GetRequiredService<IOptions<AgentOptions>>().Value;
            return ApiToken.Resolve(agent.DisableAuth, agent.Token, agent.TokenFile, agent.StateDirectory, "Agent");
        });
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<TokenAuthInterceptor>();
            o.Interceptors.Add<ExceptionMappingInterceptor>();
            o.MaxReceiveMessageSize = 8 * 1024 * 1024;
        });
        // Server reflection over an explicit list of services: the discovery in Grpc.AspNetCore.Server.Reflection
        // falls back to reflection that Native AOT trims away.
        services.AddSingleton(new ReflectionServiceImpl(
            Flintlock.MicroVM.Descriptor, AgentWire.HostAgent.Descriptor, Health.Descriptor, ServerReflection.Descriptor));
        services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }

    /// <summary>Image references this host can serve: files under the images directory, and OCI image references.</summary>
    private static string? ImageReferenceProblem(string reference)
    {
        if (!FileImageReference.IsFileReference(reference))
        {
            return ImageReference.TryParse(reference, out _, out var errors)
                ? null
                : $"'{reference}' is neither a file under the images directory nor an OCI image reference: {string.Join("; ", errors)}";
        }

        var problems = FileImageReference.Validate(reference);
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>The OCI client, blob store and artifact cache under <see cref="ImageOptions.CacheDirectory"/>, and the periodic prune.</summary>
    private static void AddOciImages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImageOptions>().Bind(configuration.GetSection("Images")).ValidateOnStart();
        services.AddSingleton(sp => new OciRegistryClient(
            RegistryConfigFile.Load(sp.GetRequiredService<IOptions<ImageOptions>>().Value.RegistryConfig),
            sp.GetRequiredService<ILogger<OciRegistryClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => BlobStore.Open(
            Path.Combine(ImageCacheDirectory(sp), "oci"), sp.GetRequiredService<ILogger<BlobStore>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ImagePuller(
            sp.GetRequiredService<OciRegistryClient>(), sp.GetRequiredService<BlobStore>(), 3, sp.GetRequiredService<ILogger<ImagePuller>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => ImageCache.OpenAsync(
            new ImageCacheOptions { Directory = Path.Combine(ImageCacheDirectory(sp), "cache") },
            sp.GetRequiredService<ILogger<ImageCache>>(), sp.GetRequiredService<TimeProvider>(), CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton(sp => new ImageArtifacts(
            sp.GetRequiredService<ImageCache>(),
            new LayerUnpacker(LayerLimits.Default, sp.GetRequiredService<ILogger<LayerUnpacker>>()),
            new Ext4VolumeBuilder(new Ext4VolumeOptions(), sp.GetRequiredService<ILogger<Ext4VolumeBuilder>>()),
            new ImageFileExtractor(LayerLimits.Default),
            sp.GetRequiredService<IDiskProvisioner>()));
        services.AddSingleton<OciImageStore>();
        services.AddHostedService<ImagePruneWorker>();
    }

    private static string ImageCacheDirectory(IServiceProvider services) =>
        Path.GetFullPath(services.GetRequiredService<IOptions<ImageOptions>>().Value.CacheDirectory is { Length: > 0 } configured
            ? configured
            : Path.Combine(services.GetRequiredService<VmLayout>().StateRoot, "images"));
}
