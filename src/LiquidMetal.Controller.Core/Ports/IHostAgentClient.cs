using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Ports;

/// <summary>
/// One host agent, as the controller drives it. Every call fails with <see cref="HostAgentException"/>;
/// <see cref="HostAgentException.IsTransient"/> says whether retrying later may help.
/// </summary>
public interface IHostAgentClient : IDisposable
{
    /// <summary>The agent's address, for messages.</summary>
    string Endpoint { get; }

    /// <summary>Capacity, VMM providers, acceleration, and what the agent's VMs take of the host.</summary>
    Task<HostAgentInfo> GetHostInfoAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates the VM, or returns the existing one when a VM with the same namespace/id and an equivalent
    /// spec exists (the agent's create is idempotent). A different spec fails with AlreadyExists.
    /// </summary>
    Task<MicroVm> CreateMicroVmAsync(MicroVmSpec spec, CancellationToken cancellationToken);

    /// <summary>The VM with its flintlock status, or null when the agent has no such VM.</summary>
    Task<MicroVm?> GetMicroVmAsync(string uid, CancellationToken cancellationToken);

    /// <summary>Every VM, or those in <paramref name="namespace"/> when given.</summary>
    Task<IReadOnlyList<MicroVm>> ListMicroVmsAsync(string? @namespace, CancellationToken cancellationToken);

    /// <summary>Starts deleting the VM (the agent stops it and removes it asynchronously). False when there is no such VM.</summary>
    Task<bool> DeleteMicroVmAsync(string uid, CancellationToken cancellationToken);

    /// <summary>
    /// From revision 0: every current VM as <see cref="MicroVmWatchEventKind.Added"/>, then a
    /// <see cref="MicroVmWatchEventKind.Bookmark"/> carrying the revision to resume from; then every change.
    /// From a later revision: the changes after it. VMs carry their full status (reason, console tail,
    /// attempts). Ends with a transient error when the connection drops: resume from the last revision seen;
    /// RevisionCompacted means list again from 0.
    /// </summary>
    IAsyncEnumerable<MicroVmWatchEvent> WatchMicroVmsAsync(long fromRevision, CancellationToken cancellationToken);

    /// <summary>What the flintlock status has no room for: failure reason, console tail, attempts, VMM pid, timings.</summary>
    Task<MicroVmDetails> GetMicroVmDetailsAsync(string uid, CancellationToken cancellationToken);
}
