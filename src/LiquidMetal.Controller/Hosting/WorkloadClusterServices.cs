using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Kubernetes;
using LiquidMetal.Controller.Pki;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Controller.Hosting;

/// <summary>
/// Calls into workload clusters in DI: <see cref="KubernetesApiOptions"/> (section <c>Kubernetes</c>), the
/// <see cref="IBootstrapTokenRegistry"/> adapter (their API servers) and <see cref="JoinTokenRegistrations"/>, which
/// registers fresh join tokens through it for the convergence rounds.
/// </summary>
internal static class WorkloadClusterServices
{
    public static IServiceCollection AddWorkloadClusterServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KubernetesApiOptions>().Bind(configuration.GetSection("Kubernetes"))
            .Validate(o => o.Timeout > TimeSpan.Zero && o.ConnectTimeout > TimeSpan.Zero, "Kubernetes:Timeout and Kubernetes:ConnectTimeout must be positive")
            .Validate(o => o.ClientCertificateLifetime >= TimeSpan.FromMinutes(1), "Kubernetes:ClientCertificateLifetime must be at least 1 minute")
            .ValidateOnStart();
        services.AddSingleton<IBootstrapTokenRegistry>(sp => new KubernetesBootstrapTokenRegistry(
            new CertificateIssuer(sp.GetRequiredService<TimeProvider>()), sp.GetRequiredService<IOptions<KubernetesApiOptions>>().Value,
            sp.GetRequiredService<ILogger<KubernetesBootstrapTokenRegistry>>()));
        services.AddSingleton(sp => new JoinTokenRegistrations(sp.GetRequiredService<IBootstrapTokenRegistry>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
