using System.Globalization;
using System.Text.RegularExpressions;
using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Qemu;

/// <summary>
/// Runs each VM as a QEMU <c>microvm</c> process, with KVM when /dev/kvm is usable and TCG (software emulation)
/// otherwise. Processes are detached from the agent and found again from what is on disk: STATE/qemu.pid, checked
/// against /proc/PID/cmdline so a recycled pid is never taken for a VM; STATE/qmp.sock for control.
/// </summary>
public sealed partial class QemuVmmDriver : IVmmDriver
{
    private const VmmCapabilities BaseCapabilities =
        VmmCapabilities.Initrd | VmmCapabilities.Tap | VmmCapabilities.Macvtap | VmmCapabilities.Qcow2Disks
        | VmmCapabilities.ReadOnlyDisks | VmmCapabilities.AcpiShutdown | VmmCapabilities.Pause;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly QemuOptions _options;
    private readonly ILogger<QemuVmmDriver> _logger;
    private readonly TimeProvider _time;
    private readonly Lazy<VmmCapabilities> _capabilities;

    public QemuVmmDriver(IOptions<QemuOptions> options, ILogger<QemuVmmDriver> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _capabilities = new Lazy<VmmCapabilities>(() =>
            QemuHostFacts.Detect(_options.BinaryPath).KvmUsable ? BaseCapabilities : BaseCapabilities | VmmCapabilities.SoftwareEmulation);
    }

    public string Name => "qemu";

    /// <summary>Fixed, plus <see cref="VmmCapabilities.SoftwareEmulation"/> when /dev/kvm was not usable at first use.</summary>
    public VmmCapabilities Capabilities => _capabilities.Value;

    [GeneratedRegex(@"version (\d+\.\d+(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionRegex();

    [GeneratedRegex(@"^microvm\s", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex MicrovmMachineRegex();

    public async Task<VmmAvailability> ProbeAsync(CancellationToken cancellationToken)
    {
        var binary = ToolRunner.Resolve(_options.BinaryPath);
        if (binary is null)
        {
            return new VmmAvailability(false, null, null,
                $"{_options.BinaryPath} is not installed (Debian: apt-get install qemu-system-x86; or set Qemu:BinaryPath)");
        }

        string? version;
        try
        {
            var result = await ToolRunner.RunAsync([binary, "--version"], _options.ToolTimeout, cancellationToken).ConfigureAwait(false);
            var match = VersionRegex().Match(result.StandardOutput);
            if (result.ExitCode != 0 || !match.Success)
            {
                return new VmmAvailability(false, null, null, $"{binary} --version failed: {FirstLine(result.StandardError + result.StandardOutput)}");
            }

            version = match.Groups[1].Value;
            var machines = await ToolRunner.RunAsync([binary, "-machine", "help"], _options.ToolTimeout, cancellationToken).ConfigureAwait(false);
            if (!MicrovmMachineRegex().IsMatch(machines.StandardOutput))
            {
                return new VmmAvailability(false, version, null, $"QEMU {version} at {binary} has no microvm machine type (QEMU 6.0 or later has one)");
            }
        }
        catch (Exception ex) when (ex is VmmException or TimeoutException)
        {
            return new VmmAvailability(false, null, null, $"{binary} cannot be run: {ex.Message}");
        }

        if (ToolRunner.Resolve(QemuCommandLine.SetsidProgram) is null)
        {
            return new VmmAvailability(false, version, null, "setsid (util-linux) is not on PATH; the driver needs it to detach QEMU");
        }

        var host = QemuHostFacts.Detect(_options.BinaryPath);
        if (host.KvmUsable)
        {
            return new VmmAvailability(true, version, "kvm", null);
        }

        return host.TscKhz is null
            ? new VmmAvailability(false, version, null, "No usable /dev/kvm, and /proc/cpuinfo has no 'cpu MHz' for tsc_early_khz, without which TCG boots hang")
            : new VmmAvailability(true, version, "tcg", null);
    }

    public Task<VmmProcess?> FindRunningAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(FindRunning(QemuStateFiles.Normalize(stateDirectory)));
    }

    public Task<IReadOnlyList<VmmProcess>> ListProcessesAsync(string stateRoot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateRoot);
        var vmsRoot = QemuStateFiles.Normalize(Path.Combine(stateRoot, "vms"));
        var found = new List<VmmProcess>();
        foreach (var pid in LinuxProcess.EnumeratePids())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (LinuxProcess.ReadCommandLine(pid) is { } argv
                && QemuProcessIdentity.StateDirectoryOf(argv, _options.BinaryPath) is { } directory
                && string.Equals(Path.GetDirectoryName(directory), vmsRoot, StringComparison.Ordinal)
                && LinuxProcess.IsRunning(pid))
            {
                found.Add(new VmmProcess(pid, directory, LinuxProcess.StartTime(pid)));
            }
        }

        return Task.FromResult<IReadOnlyList<VmmProcess>>(found);
    }

    /// <summary>
    /// Whether the process still runs and still is the QEMU of its state directory. Cheap (two small /proc reads):
    /// fit for polling. VMM processes are not the agent's children after a restart, so there is no exit notification.
    /// </summary>
    public bool IsAlive(VmmProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return IsQemuOf(process.Pid, QemuStateFiles.Normalize(process.StateDirectory));
    }

    /// <summary>Waits until the process has exited; false when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(VmmProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        var state = QemuStateFiles.Normalize(process.StateDirectory);
        return await WaitForExitAsync(process.Pid, state, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The QMP run state ("running", "paused", ...).</summary>
    /// <exception cref="VmmException">No QEMU answers on this state directory's QMP socket.</exception>
    public async Task<string> QueryStatusAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        await using var qmp = await ConnectQmpAsync(QemuStateFiles.Normalize(stateDirectory), cancellationToken).ConfigureAwait(false);
        return await qmp.QueryStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Freezes the vCPUs (QMP stop); memory stays allocated.</summary>
    public async Task PauseAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        await using var qmp = await ConnectQmpAsync(QemuStateFiles.Normalize(stateDirectory), cancellationToken).ConfigureAwait(false);
        await qmp.ExecuteAsync("stop", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lets paused vCPUs run again (QMP cont).</summary>
    public async Task ResumeAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        await using var qmp = await ConnectQmpAsync(QemuStateFiles.Normalize(stateDirectory), cancellationToken).ConfigureAwait(false);
        await qmp.ExecuteAsync("cont", null, cancellationToken).ConfigureAwait(false);
    }

    private Task<QmpClient> ConnectQmpAsync(string state, CancellationToken cancellationToken) =>
        QmpClient.ConnectAsync(QemuStateFiles.QmpSocket(state), _options.QmpTimeout, cancellationToken);

    private VmmProcess? FindRunning(string state)
    {
        var pid = ReadPidFile(state);
        return pid is { } p && IsQemuOf(p, state) ? new VmmProcess(p, state, LinuxProcess.StartTime(p)) : null;
    }

    private bool IsQemuOf(int pid, string state) =>
        LinuxProcess.ReadCommandLine(pid) is { } argv
        && string.Equals(QemuProcessIdentity.StateDirectoryOf(argv, _options.BinaryPath), state, StringComparison.Ordinal)
        && LinuxProcess.IsRunning(pid);

    private async Task<bool> WaitForExitAsync(int pid, string state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (IsQemuOf(pid, state))
        {
            if (_time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static int? ReadPidFile(string state)
    {
        try
        {
            var text = File.ReadAllText(QemuStateFiles.PidFile(state)).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes what a QEMU that is gone left behind (after SIGKILL, or under -runas it may not delete them).</summary>
    private static void DeleteStaleFiles(string state)
    {
        foreach (var file in new[] { QemuStateFiles.PidFile(state), QemuStateFiles.QmpSocket(state) })
        {
            try
            {
                File.Delete(file);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no output)";
}
