namespace LiquidMetal.Agent.Qemu;

/// <summary>Why a QEMU operation failed; the agent maps these to API status codes.</summary>
public enum VmmErrorCode
{
    /// <summary>Something unexpected; see the message.</summary>
    Unknown = 0,

    /// <summary>The QEMU (or qemu-img) binary is not installed or not runnable.</summary>
    NotInstalled = 1,

    /// <summary>The host lacks something QEMU needs here (e.g. the CPU frequency for tsc_early_khz under TCG).</summary>
    HostUnsupported = 2,

    /// <summary>A QEMU already runs for this state directory.</summary>
    AlreadyRunning = 3,

    /// <summary>The launcher could not start QEMU (e.g. a macvtap device node could not be opened).</summary>
    LaunchFailed = 4,

    /// <summary>QEMU did not become ready (QMP answering) within <see cref="QemuOptions.StartTimeout"/>.</summary>
    StartTimedOut = 5,

    /// <summary>The QMP socket could not be reached, or it closed or timed out mid-conversation.</summary>
    QmpUnavailable = 6,

    /// <summary>QEMU answered a QMP command with an error.</summary>
    QmpCommandFailed = 7,

    /// <summary>The process was still alive after SIGKILL and the kill timeout.</summary>
    StopFailed = 8,

    /// <summary>qemu-img could not create or inspect a disk.</summary>
    DiskProvisioningFailed = 9,
}
