using LiquidMetal.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiquidMetal.Agent.Hosting;

/// <summary>Serving once the VM store is open (it is opened before the first call can reach us).</summary>
internal sealed class StoreHealthCheck(IVmStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"{store.Snapshot().Vms.Count} VMs stored"));
}
