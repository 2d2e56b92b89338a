using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Core.Reconcile;

public sealed partial class VmReconciler
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Preparing images, disks, network and seed (kernel {Kernel})")]
    private partial void LogPreparing(string kernel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting VMM {Provider} (attempt {Attempt})")]
    private partial void LogStarting(string provider, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adopting running VMM process {Pid}")]
    private partial void LogAdopting(int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Guest is ready after {BootMs:0} ms")]
    private partial void LogReady(double bootMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VMM process {Pid} is gone: {Reason}")]
    private partial void LogVmmGone(int pid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VM failed: {Reason}")]
    private partial void LogFailure(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile attempt {Attempt} failed; will retry")]
    private partial void LogTransientFailure(Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped VMM {Provider}: {Outcome}")]
    private partial void LogStopped(string provider, StopOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted VM")]
    private partial void LogDeleted();
}
