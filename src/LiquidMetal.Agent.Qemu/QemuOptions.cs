namespace LiquidMetal.Agent.Qemu;

/// <summary>How the agent runs QEMU (configuration section "Qemu"). Every default is usable as is.</summary>
public sealed class QemuOptions
{
    public const string SectionName = "Qemu";

    /// <summary>The QEMU system emulator; a bare name is looked up on PATH. Default "qemu-system-x86_64".</summary>
    public string BinaryPath { get; set; } = "qemu-system-x86_64";

    /// <summary>qemu-img, for copy-on-write disks; a bare name is looked up on PATH. Default "qemu-img".</summary>
    public string QemuImgPath { get; set; } = "qemu-img";

    /// <summary>
    /// User QEMU switches to (<c>-runas</c>) once it has opened its files, taps and sockets as root; null (the
    /// default) keeps it root. With <see cref="Seccomp"/> the set*id system calls stay allowed so QEMU can switch,
    /// which is harmless: after the switch it has no privilege to regain and may not exec anything.
    /// </summary>
    public string? RunAsUser { get; set; }

    /// <summary>
    /// Confine QEMU with its seccomp filter (<c>-sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny</c>).
    /// Default true. This is why QEMU runs without <c>-daemonize</c>: QEMU installs the filter before it forks and
    /// calls setsid() to daemonize, and spawn=deny/elevateprivileges=deny then kill it (SIGSYS); the agent detaches
    /// QEMU itself instead (see README.md).
    /// </summary>
    public bool Seccomp { get; set; } = true;

    /// <summary>
    /// TCG translation cache in MiB (<c>-accel tcg,tb-size=N</c>); null (the default) keeps QEMU's own size.
    /// 16 lowers a small guest's RSS by about 40 MB at some cost in speed. Ignored under KVM.
    /// </summary>
    public int? TcgTranslationCacheMiB { get; set; }

    /// <summary>How long QEMU may take from launch until QMP answers (it has loaded the kernel and runs). Default 30 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Budget for one QMP conversation (connect, greeting, command). Default 5 s.</summary>
    public TimeSpan QmpTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Budget for a qemu-img run or a QEMU probe (--version, -machine help). Default 60 s.</summary>
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
