using LiquidMetal.Controller.Convergence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiquidMetal.Controller.Hosting;

/// <summary>
/// Serving once the process serves: the store is opened before Kestrel starts. The gRPC health service answers
/// UNKNOWN, never SERVING, while no check is registered, so one must be (probes wait for SERVING).
/// </summary>
internal sealed class ControllerHealthCheck(FleetConverger converger) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"{converger.Rounds} convergence rounds, the last for generation {converger.LastGeneration}"));
}
