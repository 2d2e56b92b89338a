using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Pki;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Controller.Hosting;

/// <summary>
/// Clusters' PKIs (configuration section <c>Pki</c>, <c>--pki-key-file</c>): the options, the store (the controller's
/// SQLite database) and <see cref="ClusterPkiProvider"/>, registered only when a key file is configured; its key is
/// read when it is first needed, so a bad key file fails the call that needs it, with the reason.
/// </summary>
internal static class PkiServices
{
    public static IServiceCollection AddPkiServices(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Pki");
        services.AddOptions<ClusterPkiOptions>().Bind(section)
            .Validate(o => o.EncryptionKeyFile.Length == 0 || o.Validate().Count == 0, "Pki: settings are invalid (see ClusterPkiOptions)")
            .ValidateOnStart();
        services.AddSingleton(sp => (IClusterPkiStore)sp.GetRequiredService<IControllerStore>());
        if (!string.IsNullOrWhiteSpace(section["EncryptionKeyFile"]))
        {
            services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<ClusterPkiOptions>>().Value;
                return new ClusterPkiProvider(sp.GetRequiredService<IClusterPkiStore>(), PkiEncryptionKey.LoadFile(options.EncryptionKeyFile),
                    options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ClusterPkiProvider>>());
            });
        }

        return services;
    }
}
