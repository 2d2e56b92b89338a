using LiquidMetal.Core.Ports;

namespace LiquidMetal.Testing;

/// <summary>A VMM whose processes are entries in a dictionary; tests make guests boot, die or fail to start.</summary>
public sealed class FakeVmmDriver(TimeProvider time) : IVmmDriver
{
    private readonly Dictionary<string, VmmProcess> _running = [];
    private int _nextPid = 1000;

    public string Name => "fake";
    public VmmCapabilities Capabilities { get; set; } = VmmCapabilities.Initrd | VmmCapabilities.Tap | VmmCapabilities.Qcow2Disks | VmmCapabilities.ReadOnlyDisks | VmmCapabilities.AcpiShutdown;

    public List<VmLaunchSpec> Launches { get; } = [];
    public List<string> Stops { get; } = [];

    /// <summary>When set, StartAsync throws this (e.g. a kernel QEMU cannot load).</summary>
    public Exception? StartFailure { get; set; }

    /// <summary>Called with each launch; e.g. to write a console line as a booting guest would.</summary>
    public Action<VmLaunchSpec>? OnStart { get; set; }

    public IReadOnlyCollection<VmmProcess> Running => _running.Values;

    public Task<VmmAvailability> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new VmmAvailability(true, "fake 1.0", "tcg", null));

    public Task<VmmProcess> StartAsync(VmLaunchSpec launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (StartFailure is { } failure)
        {
            throw failure;
        }

        if (_running.ContainsKey(launch.StateDirectory))
        {
            throw new InvalidOperationException($"a VMM already runs for {launch.StateDirectory}: the reconciler started it twice");
        }

        Launches.Add(launch);
        var process = new VmmProcess(_nextPid++, launch.StateDirectory, time.GetUtcNow());
        _running[launch.StateDirectory] = process;
        OnStart?.Invoke(launch);
        return Task.FromResult(process);
    }

    public Task<VmmProcess?> FindRunningAsync(string stateDirectory, CancellationToken cancellationToken) =>
        Task.FromResult(_running.GetValueOrDefault(stateDirectory));

    public Task<StopOutcome> StopAsync(string stateDirectory, VmStopTimeouts timeouts, CancellationToken cancellationToken)
    {
        Stops.Add(stateDirectory);
        return Task.FromResult(_running.Remove(stateDirectory) ? StopOutcome.GuestPoweredOff : StopOutcome.NotRunning);
    }

    public Task<IReadOnlyList<VmmProcess>> ListProcessesAsync(string stateRoot, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<VmmProcess>>([.. _running.Values.Where(p => p.StateDirectory.StartsWith(stateRoot, StringComparison.Ordinal))]);

    /// <summary>The process exits behind the agent's back.</summary>
    public void Kill(string stateDirectory) => _running.Remove(stateDirectory);

    /// <summary>A process the agent did not start (an orphan from a lost record).</summary>
    public void Adopt(VmmProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        _running[process.StateDirectory] = process;
    }
}
