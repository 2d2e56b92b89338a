using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

/// <summary>Records what it is asked to register; fails with <see cref="FailWith"/> while set.</summary>
internal sealed class FakeBootstrapTokenRegistry : IBootstrapTokenRegistry
{
    public List<(WorkloadCluster Cluster, BootstrapTokenSecret Secret)> Calls { get; } = [];

    public WorkloadApiException? FailWith { get; set; }

    public Task EnsureAsync(WorkloadCluster cluster, BootstrapTokenSecret secret, CancellationToken cancellationToken)
    {
        Calls.Add((cluster, secret));
        return FailWith is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }
}
