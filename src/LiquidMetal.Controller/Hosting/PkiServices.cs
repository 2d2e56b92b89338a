using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Pki;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Controller.Hosting;

/// <summary>
/// Cluster PKIs in DI: <see cref="ClusterPkiOptions"/> (section <c>Pki</c>), the store (the controller's SQLite file),
/// and <see cref="ControllerPki"/>, which holds the <see cref="ClusterPkiProvider"/> when a key file is configured.
/// The key is loaded once, at start-up: a configured key file that is missing, too open or malformed stops the
/// controller with the reason; no key file at all is allowed (clusters are then refused at plan time).
/// </summary>
internal static class PkiServices
{
    public static IServiceCollection AddPkiServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterPkiOptions>().Bind(configuration.GetSection("Pki")).Validate(
            o => o.Validate().All(e => e.StartsWith("Pki:EncryptionKeyFile:", StringComparison.Ordinal)),
            "Pki: invalid settings (Pki:KeyAlgorithm, Pki:CaLifetime, Pki:AdminCertificateLifetime)").ValidateOnStart();
        services.AddSingleton<IClusterPkiStore>(sp => (IClusterPkiStore)sp.GetRequiredService<IControllerStore>());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClusterPkiOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.EncryptionKeyFile))
            {
                return new ControllerPki(ControllerPki.NoKeyProblem, options);
            }

            // Throws PkiException naming the file and the fix: a configured key that cannot be used is a start-up error.
            var key = PkiEncryptionKey.LoadFile(options.EncryptionKeyFile);
            var provider = new ClusterPkiProvider(sp.GetRequiredService<IClusterPkiStore>(), key, options,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ClusterPkiProvider>>());
            return new ControllerPki(provider, options);
        });
        return services;
    }
}
