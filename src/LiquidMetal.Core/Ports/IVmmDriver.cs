namespace LiquidMetal.Core.Ports;

/// <summary>
/// A virtual machine monitor (QEMU, Firecracker, Cloud Hypervisor). VMM processes outlive the agent:
/// every method works from what is on disk (pidfile, control socket) so a restarted agent can adopt them.
/// </summary>
public interface IVmmDriver
{
    /// <summary>Provider name clients ask for in spec.provider, e.g. "qemu".</summary>
    string Name { get; }

    VmmCapabilities Capabilities { get; }

    /// <summary>Whether this VMM works on this host, and why not when it does not.</summary>
    Task<VmmAvailability> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>Starts the VMM for the VM (detached from the agent) and returns its process.</summary>
    Task<VmmProcess> StartAsync(VmLaunchSpec launch, CancellationToken cancellationToken);

    /// <summary>The running VMM of the VM whose files are in this directory, or null when none runs.</summary>
    Task<VmmProcess?> FindRunningAsync(string stateDirectory, CancellationToken cancellationToken);

    /// <summary>Stops the VMM: ACPI power button, then a VMM quit, then a kill, each with its timeout.</summary>
    Task<StopOutcome> StopAsync(string stateDirectory, VmStopTimeouts timeouts, CancellationToken cancellationToken);

    /// <summary>VMM processes started from state directories under <paramref name="stateRoot"/>, to find orphans.</summary>
    Task<IReadOnlyList<VmmProcess>> ListProcessesAsync(string stateRoot, CancellationToken cancellationToken);
}
