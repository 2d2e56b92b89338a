using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Qemu;

public sealed partial class QemuImgDiskProvisioner
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Creating disk {Target} as a qcow2 overlay on {Base} ({BaseFormat})")]
    private partial void LogCreating(string target, string @base, string baseFormat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping disk {Target} at the base image's {BaseMiB} MiB: {RequestedMiB} MiB would shrink it")]
    private partial void LogNotShrinking(string target, int requestedMiB, long baseMiB);
}
