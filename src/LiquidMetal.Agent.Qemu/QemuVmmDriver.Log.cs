using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Qemu;

public sealed partial class QemuVmmDriver
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Starting QEMU for VM {Uid} ({Acceleration}, network namespace {Namespace})")]
    private partial void LogStarting(string uid, string acceleration, string @namespace);

    [LoggerMessage(Level = LogLevel.Information, Message = "QEMU pid {Pid} runs and answers QMP ({ElapsedMs:0} ms after launch)")]
    private partial void LogStarted(int pid, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QEMU exited while starting: {Summary}")]
    private partial void LogStartFailed(string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killing QEMU pid {Pid}: its start did not complete")]
    private partial void LogKillingFailedStart(int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Launcher reported pid {LaunchedPid} but the pidfile says {RecordedPid}")]
    private partial void LogPidMismatch(int launchedPid, int recordedPid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting up to {Seconds:0.#} s for QEMU pid {Pid} to exit after {Step}")]
    private partial void LogWaiting(int pid, string step, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killing QEMU pid {Pid} (SIGKILL)")]
    private partial void LogKilling(int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping QMP {Command} for QEMU pid {Pid}: {Reason}")]
    private partial void LogQmpFailed(string command, int pid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "QEMU stopped: {Outcome}")]
    private partial void LogStopped(StopOutcome outcome);
}
