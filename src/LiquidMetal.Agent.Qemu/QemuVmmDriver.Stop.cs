using LiquidMetal.Core.Ports;

namespace LiquidMetal.Agent.Qemu;

public sealed partial class QemuVmmDriver
{
    /// <summary>
    /// ACPI power button (QMP system_powerdown) and up to <see cref="VmStopTimeouts.PowerButton"/> for the guest to
    /// power off; then QMP quit and up to <see cref="VmStopTimeouts.Quit"/>; then SIGKILL and up to
    /// <see cref="VmStopTimeouts.Kill"/>. A zero (or negative) timeout skips its step. A step whose QMP command
    /// cannot be delivered is skipped at once. Leaves no process, and no stale pidfile or socket.
    /// </summary>
    /// <exception cref="VmmException"><see cref="VmmErrorCode.StopFailed"/>: still alive after SIGKILL and the kill timeout.</exception>
    public async Task<StopOutcome> StopAsync(string stateDirectory, VmStopTimeouts timeouts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeouts);
        var state = QemuStateFiles.Normalize(stateDirectory);
        var process = FindRunning(state);
        if (process is null)
        {
            DeleteStaleFiles(state);
            return StopOutcome.NotRunning;
        }

        var pid = process.Pid;
        using var pidfd = LinuxProcess.OpenPidfd(pid);
        if (timeouts.PowerButton > TimeSpan.Zero
            && await SendQmpAsync(state, "system_powerdown", pid, cancellationToken).ConfigureAwait(false))
        {
            LogWaiting(pid, "power button", timeouts.PowerButton.TotalSeconds);
            if (await WaitForExitAsync(pid, state, timeouts.PowerButton, cancellationToken).ConfigureAwait(false))
            {
                return Stopped(state, StopOutcome.GuestPoweredOff);
            }
        }

        if (timeouts.Quit > TimeSpan.Zero
            && await SendQmpAsync(state, "quit", pid, cancellationToken).ConfigureAwait(false))
        {
            LogWaiting(pid, "quit", timeouts.Quit.TotalSeconds);
            if (await WaitForExitAsync(pid, state, timeouts.Quit, cancellationToken).ConfigureAwait(false))
            {
                return Stopped(state, StopOutcome.VmmQuit);
            }
        }

        // Without a pidfd (kernel before 5.3) kill by pid, but only while the pid still is this VM's QEMU.
        if (pidfd is not null || IsQemuOf(pid, state))
        {
            LogKilling(pid);
            LinuxProcess.Kill(pid, pidfd);
        }

        if (await WaitForExitAsync(pid, state, timeouts.Kill, cancellationToken).ConfigureAwait(false))
        {
            return Stopped(state, StopOutcome.Killed);
        }

        throw new VmmException(VmmErrorCode.StopFailed,
            $"QEMU pid {pid} for {state} still runs {timeouts.Kill.TotalSeconds:0.#} s after SIGKILL (stuck in the kernel?)");
    }

    private StopOutcome Stopped(string state, StopOutcome outcome)
    {
        DeleteStaleFiles(state);
        LogStopped(outcome);
        return outcome;
    }

    /// <summary>Sends one QMP command; false (logged) when QEMU cannot be reached or refuses, so the caller escalates.</summary>
    private async Task<bool> SendQmpAsync(string state, string command, int pid, CancellationToken cancellationToken)
    {
        try
        {
            await using var qmp = await ConnectQmpAsync(state, cancellationToken).ConfigureAwait(false);
            if (command == "quit")
            {
                await qmp.QuitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await qmp.ExecuteAsync(command, null, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (VmmException ex)
        {
            LogQmpFailed(command, pid, ex.Message);
            return false;
        }
    }
}
