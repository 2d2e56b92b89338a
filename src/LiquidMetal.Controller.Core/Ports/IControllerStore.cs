using LiquidMetal.Controller.Core.Convergence;

namespace LiquidMetal.Controller.Core.Ports;

/// <summary>
/// The controller's durable state. Every write is durable when its task completes (a machine record is saved
/// before the agent is asked to create its VM). Implementations fail with their own exception type.
/// </summary>
public interface IControllerStore : IAsyncDisposable
{
    Task<ControllerState> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the applied desired state (files, revision, generation).</summary>
    Task SaveDesiredStateAsync(DesiredStateRecord desired, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the record of (cluster, node).</summary>
    Task SaveMachineAsync(MachineRecord machine, CancellationToken cancellationToken);

    /// <summary>Removes the record of (cluster, node); nothing when there is none.</summary>
    Task DeleteMachineAsync(string cluster, string node, CancellationToken cancellationToken);

    /// <summary>Records that the cluster's init VM booted (kept until forgotten); nothing when it is recorded already.</summary>
    Task MarkClusterInitializedAsync(string cluster, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Forgets that the cluster was initialized (the cluster is gone); nothing when it was not recorded.</summary>
    Task ForgetClusterInitializedAsync(string cluster, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a host's status.</summary>
    Task SaveHostStatusAsync(HostStatusRecord host, CancellationToken cancellationToken);

    /// <summary>Replaces every object's conditions with these (objects not listed lose theirs).</summary>
    Task SaveConditionsAsync(IReadOnlyList<ConditionSet> conditions, CancellationToken cancellationToken);

    /// <summary>Appends events stamped <paramref name="at"/>; only the newest events (a bounded number) are kept.</summary>
    Task AppendEventsAsync(IReadOnlyList<ConvergenceEvent> events, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> events, oldest first; of one cluster (its machines included) when given.</summary>
    Task<IReadOnlyList<StoredEvent>> ListEventsAsync(string? cluster, int limit, CancellationToken cancellationToken);
}
