using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Storage;

/// <summary>
/// Durable store of microVMs with a change log. Every write is durable when the call returns, bumps the
/// VM's version, and appends a change with a store-wide, strictly increasing revision (for watches).
/// Reads are served from memory.
/// </summary>
public interface IVmStore
{
    /// <summary>Stores a new VM, unless one with its namespace/id exists: then returns that one untouched.</summary>
    Task<CreateOutcome> CreateAsync(MicroVm vm, CancellationToken cancellationToken);

    MicroVm? Get(string uid);

    /// <summary>VMs in a namespace (null or empty: all), optionally only the one with this id.</summary>
    IReadOnlyList<MicroVm> List(string? @namespace = null, string? id = null);

    /// <summary>Replaces spec/status when the stored version is <paramref name="expectedVersion"/>; returns the stored VM with the next version.</summary>
    /// <exception cref="VersionConflictException">The stored version differs, or the VM is gone.</exception>
    Task<MicroVm> UpdateAsync(MicroVm vm, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>Removes the record; a no-op when it is already gone.</summary>
    Task DeleteAsync(string uid, CancellationToken cancellationToken);

    /// <summary>The current VMs and the revision they reflect, taken atomically.</summary>
    StoreSnapshot Snapshot();

    /// <summary>Changes after <paramref name="afterRevision"/>, then live ones until cancelled.</summary>
    /// <exception cref="RevisionCompactedException">The log no longer holds changes that old: list again.</exception>
    IAsyncEnumerable<VmChange> WatchAsync(long afterRevision, CancellationToken cancellationToken);
}
