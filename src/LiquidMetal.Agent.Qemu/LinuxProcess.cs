using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LiquidMetal.Agent.Qemu;

/// <summary>
/// Processes that are not the agent's children (VMMs outlive the agent), seen through /proc, and signalled through
/// a pidfd so a recycled pid is never hit.
/// </summary>
internal static partial class LinuxProcess
{
    private const int SigKill = 9;
    private const int SysPidfdSendSignal = 424; // Same number on every Linux architecture.
    private const int SysPidfdOpen = 434;
    private const int Esrch = 3;

    /// <summary>USER_HZ: /proc reports times in these ticks; 100 on every Linux ABI .NET runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    private static readonly Lazy<DateTimeOffset?> BootTime = new(ReadBootTime);

    /// <summary>The process's argv, or null when it does not exist (or is a zombie, whose cmdline is empty).</summary>
    public static string[]? ReadCommandLine(int pid)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/cmdline"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (bytes.Length == 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes);
        return text.TrimEnd('\0').Split('\0');
    }

    /// <summary>True while the process exists and has not exited (a zombie has exited).</summary>
    public static bool IsRunning(int pid) => ReadStat(pid) is { } stat && stat.State is not ('Z' or 'X' or 'x');

    /// <summary>When the process started (from /proc/PID/stat and the boot time), or null when it is gone.</summary>
    public static DateTimeOffset? StartTime(int pid) =>
        ReadStat(pid) is { } stat && BootTime.Value is { } boot
            ? boot + TimeSpan.FromSeconds((double)stat.StartTicks / ClockTicksPerSecond)
            : null;

    /// <summary>Numeric entries of /proc.</summary>
    public static IEnumerable<int> EnumeratePids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>A handle on the process that stays tied to it even when its pid is reused; null when it is gone.</summary>
    public static SafeFileHandle? OpenPidfd(int pid)
    {
        var fd = Syscall2(SysPidfdOpen, pid, 0);
        return fd < 0 ? null : new SafeFileHandle((nint)fd, ownsHandle: true);
    }

    /// <summary>SIGKILL through the pidfd when there is one (never a recycled pid), else by pid. False when already gone.</summary>
    public static bool Kill(int pid, SafeFileHandle? pidfd)
    {
        if (pidfd is { IsInvalid: false })
        {
            var added = false;
            pidfd.DangerousAddRef(ref added);
            try
            {
                if (Syscall4(SysPidfdSendSignal, (int)pidfd.DangerousGetHandle(), SigKill, 0, 0) == 0)
                {
                    return true;
                }

                if (Marshal.GetLastPInvokeError() == Esrch)
                {
                    return false;
                }
            }
            finally
            {
                if (added)
                {
                    pidfd.DangerousRelease();
                }
            }
        }

        return SysKill(pid, SigKill) == 0;
    }

    private static ProcStat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return ParseStat(text);
    }

    /// <summary>Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime field 22.</summary>
    internal static ProcStat? ParseStat(string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        return fields.Length > 19 && fields[0].Length == 1
            && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? new ProcStat(fields[0][0], start)
            : null;
    }

    private static DateTimeOffset? ReadBootTime()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (line.StartsWith("btime ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall2(long number, int arg1, int arg2);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall4(long number, int arg1, int arg2, nint arg3, int arg4);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
