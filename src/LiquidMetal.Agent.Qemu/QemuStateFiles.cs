namespace LiquidMetal.Agent.Qemu;

/// <summary>The files QEMU keeps in a VM's state directory. Paths are derived, never stored.</summary>
public static class QemuStateFiles
{
    /// <summary>Written by QEMU (-pidfile) at start, removed when it exits cleanly (not after SIGKILL, nor under -runas).</summary>
    public const string PidFileName = "qemu.pid";

    /// <summary>QMP control socket; QEMU removes it when it exits cleanly.</summary>
    public const string QmpSocketName = "qmp.sock";

    /// <summary>QEMU's stderr since its last start (error messages, warnings).</summary>
    public const string LogName = "qemu.log";

    public static string PidFile(string stateDirectory) => Path.Combine(stateDirectory, PidFileName);

    public static string QmpSocket(string stateDirectory) => Path.Combine(stateDirectory, QmpSocketName);

    public static string Log(string stateDirectory) => Path.Combine(stateDirectory, LogName);

    /// <summary>The absolute form used on QEMU's command line and for matching processes to directories.</summary>
    public static string Normalize(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDirectory));
    }
}
