using System.Globalization;
using LiquidMetal.Core.Ports;

namespace LiquidMetal.Agent.Qemu;

public sealed partial class QemuVmmDriver
{
    private const int MaxQuotedLogLines = 40;
    private static readonly TimeSpan KillStartedTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Launches QEMU detached (see <see cref="QemuCommandLine.BuildLauncherArguments"/>) and returns once QMP
    /// answers, i.e. QEMU has loaded the kernel and its main loop runs. QEMU runs without -daemonize so that its
    /// seccomp filter can deny fork/exec and set*id (see <see cref="QemuOptions.Seccomp"/>).
    /// </summary>
    /// <exception cref="VmmStartException">QEMU refused this VM (bad kernel, missing file, invalid spec): retrying will not help. Output holds QEMU's stderr.</exception>
    /// <exception cref="VmmException">Host problems, a QEMU already running for the directory, or a start timeout.</exception>
    public async Task<VmmProcess> StartAsync(VmLaunchSpec launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var state = QemuStateFiles.Normalize(launch.StateDirectory);
        var host = QemuHostFacts.Detect(_options.BinaryPath);
        if (!host.KvmUsable && host.TscKhz is null)
        {
            throw new VmmException(VmmErrorCode.HostUnsupported, "No usable /dev/kvm, and /proc/cpuinfo has no 'cpu MHz' for tsc_early_khz, without which TCG boots hang");
        }

        IReadOnlyList<string> argv;
        try
        {
            argv = QemuCommandLine.BuildLauncherArguments(launch, _options, host);
        }
        catch (ArgumentException ex)
        {
            throw new VmmStartException($"QEMU cannot be given this VM: {ex.Message}", ex);
        }

        Directory.CreateDirectory(state);
        if ((FindRunning(state) ?? FindUnrecorded(state)) is { } running)
        {
            throw new VmmException(VmmErrorCode.AlreadyRunning, $"QEMU pid {running.Pid} already runs for {state}");
        }

        DeleteStaleFiles(state);
        LogStarting(launch.Uid, host.KvmUsable ? "kvm" : "tcg", launch.NetworkNamespace ?? "(agent's)");
        var started = _time.GetTimestamp();
        var pid = await LaunchAsync(argv, cancellationToken).ConfigureAwait(false);
        try
        {
            pid = await WaitUntilReadyAsync(pid, state, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await KillStartedAsync(pid, state).ConfigureAwait(false);
            throw;
        }

        if (ReadPidFile(state) is { } recorded && recorded != pid)
        {
            LogPidMismatch(pid, recorded);
        }

        var elapsed = _time.GetElapsedTime(started);
        LogStarted(pid, elapsed.TotalMilliseconds);
        return new VmmProcess(pid, state, LinuxProcess.StartTime(pid));
    }

    /// <summary>Runs the launcher shell, which returns at once with the detached QEMU's pid.</summary>
    private async Task<int> LaunchAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        ToolResult result;
        try
        {
            result = await ToolRunner.RunAsync(argv, _options.ToolTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new VmmException(VmmErrorCode.LaunchFailed, $"The QEMU launcher did not return: {ex.Message}", ex);
        }

        if (result.ExitCode != 0 || !int.TryParse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            throw new VmmException(VmmErrorCode.LaunchFailed,
                $"The QEMU launcher failed (exit {result.ExitCode}): {string.Join(" | ", result.ErrorLines.DefaultIfEmpty("(no message)"))}");
        }

        return pid;
    }

    private async Task<int> WaitUntilReadyAsync(int pid, string state, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var socket = QemuStateFiles.QmpSocket(state);
        while (true)
        {
            if (!LinuxProcess.IsRunning(pid) && FindRunning(state) is { } other)
            {
                // setsid forked after all (only when the shell made its job a process group leader): follow the pidfile.
                LogPidMismatch(pid, other.Pid);
                pid = other.Pid;
            }

            if (!LinuxProcess.IsRunning(pid))
            {
                var output = ReadLog(state);
                var summary = output.Count > 0 ? string.Join(" | ", output.Take(3)) : "(no message on stderr)";
                LogStartFailed(summary);
                throw new VmmStartException($"QEMU exited while starting: {summary}", output);
            }

            var remaining = _options.StartTimeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new VmmException(VmmErrorCode.StartTimedOut,
                    $"QEMU pid {pid} did not answer on QMP within {_options.StartTimeout.TotalSeconds:0.#} s of starting");
            }

            if (File.Exists(socket))
            {
                try
                {
                    await using var qmp = await QmpClient.ConnectAsync(socket, Min(_options.QmpTimeout, remaining), cancellationToken).ConfigureAwait(false);
                    await qmp.QueryStatusAsync(cancellationToken).ConfigureAwait(false);
                    return pid;
                }
                catch (VmmException)
                {
                    // Not listening yet, or exiting: look again.
                }
            }

            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A QEMU for this directory whose pidfile is missing (deleted by hand, or a crash mid-start): a full /proc scan, so only on start.</summary>
    private VmmProcess? FindUnrecorded(string state)
    {
        foreach (var pid in LinuxProcess.EnumeratePids())
        {
            if (IsQemuOf(pid, state))
            {
                return new VmmProcess(pid, state, LinuxProcess.StartTime(pid));
            }
        }

        return null;
    }

    /// <summary>Kills a QEMU this call launched but could not hand over, so a failed start leaves no process.</summary>
    private async Task KillStartedAsync(int pid, string state)
    {
        using var pidfd = LinuxProcess.OpenPidfd(pid);
        var pidFile = QemuStateFiles.PidFile(state);

        // Matches while setsid or ip netns exec still runs too: they carry QEMU's arguments to their exec.
        if (LinuxProcess.ReadCommandLine(pid) is not { } argv
            || !argv.Zip(argv.Skip(1)).Any(pair => pair is ("-pidfile", var file) && file == pidFile))
        {
            return;
        }

        LogKillingFailedStart(pid);
        LinuxProcess.Kill(pid, pidfd);
        var started = _time.GetTimestamp();
        while (LinuxProcess.IsRunning(pid) && _time.GetElapsedTime(started) < KillStartedTimeout)
        {
            await Task.Delay(PollInterval, _time, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static IReadOnlyList<string> ReadLog(string state)
    {
        try
        {
            return [.. File.ReadLines(QemuStateFiles.Log(state))
                .Select(l => new string([.. l.Where(c => !char.IsControl(c))]).TrimEnd())
                .Where(l => l.Length > 0)
                .Take(MaxQuotedLogLines)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
