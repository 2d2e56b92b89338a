using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LiquidMetal.Core.Ports;

namespace LiquidMetal.Agent.Qemu;

/// <summary>
/// Builds QEMU's argv for a VM (a list of arguments, never a shell string). Pure: the host facts come in.
/// Everything that reaches an option QEMU parses as "key=value,key=value" has its commas doubled, and
/// everything that could break out of its place (newlines, '=' or ',' in ids, relative paths, blanks in kernel
/// arguments) is rejected with an <see cref="ArgumentException"/>.
/// </summary>
/// <remarks>
/// Kernel command line = <see cref="DriverKernelArgs"/> (the serial console this driver wires to the log, reboot
/// on panic so QEMU exits with -no-reboot, no BIOS EDD probe), then under TCG <c>tsc_early_khz</c>, then the
/// caller's <see cref="VmLaunchSpec.KernelArgs"/> unchanged (root=, ro/rw, the client's own): for the kernel the
/// last occurrence wins, so the caller can override any of the driver's.
/// </remarks>
public static partial class QemuCommandLine
{
    /// <summary>The shell that opens macvtap device nodes and detaches QEMU (no argument is ever parsed by it).</summary>
    public const string LauncherShell = "/bin/sh";

    public const string SetsidProgram = "setsid";
    public const string IpProgram = "ip";

    /// <summary>Macvtap NICs get file descriptors 3, 4, ... in NIC order.</summary>
    public const int FirstMacvtapFd = 3;

    /// <summary>POSIX sh redirects single-digit descriptors only: 3 to 9.</summary>
    public const int MaxMacvtapNics = 7;

    /// <summary>sun_path holds 108 bytes including the terminating NUL.</summary>
    public const int MaxUnixSocketPathBytes = 107;

    /// <summary>Arguments the driver puts first on every kernel command line.</summary>
    public static IReadOnlyList<string> DriverKernelArgs { get; } = ["console=ttyS0", "panic=-1", "edd=off"];

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,32}$")]
    private static partial Regex DeviceIdRegex();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex UidRegex();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$")]
    private static partial Regex InterfaceNameRegex();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NamespaceRegex();

    [GeneratedRegex("^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$")]
    private static partial Regex MacRegex();

    [GeneratedRegex("^([a-z_][a-z0-9_-]{0,31})$")]
    private static partial Regex UserRegex();

    /// <summary>QEMU's option parser ends a value at a single comma; a doubled comma is a literal one.</summary>
    public static string EscapeOptionValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace(",", ",,", StringComparison.Ordinal);
    }

    /// <summary>QEMU's drive id for a disk: ids must start with a letter there, the agent's may start with a digit.</summary>
    public static string DriveId(string diskId) => "disk-" + diskId;

    /// <summary>QEMU's netdev id for a NIC.</summary>
    public static string NetdevId(string deviceId) => "nic-" + deviceId;

    /// <summary>The -append value: driver arguments, tsc_early_khz under TCG, then the caller's.</summary>
    public static string BuildKernelCommandLine(VmLaunchSpec launch, QemuHostFacts host)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(host);
        var args = new List<string>(DriverKernelArgs);
        if (!host.KvmUsable)
        {
            if (host.TscKhz is not { } khz || khz <= 0)
            {
                throw new ArgumentException("Under TCG the host CPU frequency (tsc_early_khz) is required: without it about 1 boot in 6 hangs", nameof(host));
            }

            args.Add(string.Create(CultureInfo.InvariantCulture, $"tsc_early_khz={khz}"));
        }

        foreach (var arg in launch.KernelArgs)
        {
            if (string.IsNullOrEmpty(arg) || arg.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '"'))
            {
                throw new ArgumentException($"Kernel argument '{Printable(arg)}' must be one token without blanks, quotes or control characters", nameof(launch));
            }

            args.Add(arg);
        }

        return string.Join(' ', args);
    }

    /// <summary>QEMU's arguments (without the program itself).</summary>
    public static IReadOnlyList<string> BuildQemuArguments(VmLaunchSpec launch, QemuOptions options, QemuHostFacts host)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        Validate(launch, options);

        var state = QemuStateFiles.Normalize(launch.StateDirectory);
        var args = new List<string> { "-M", "microvm" };
        if (host.KvmUsable)
        {
            args.AddRange(["-accel", "kvm", "-cpu", "host"]);
        }
        else
        {
            args.AddRange([
                "-accel",
                options.TcgTranslationCacheMiB is { } tb ? string.Create(CultureInfo.InvariantCulture, $"tcg,tb-size={tb}") : "tcg",
                "-cpu",
                "max",
            ]);
        }

        args.AddRange([
            "-m", launch.MemoryMiB.ToString(CultureInfo.InvariantCulture),
            "-smp", launch.Vcpu.ToString(CultureInfo.InvariantCulture),
            "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            "-name", EscapeOptionValue(launch.Uid),
            "-pidfile", QemuStateFiles.PidFile(state),
            "-qmp", $"unix:{EscapeOptionValue(QemuStateFiles.QmpSocket(state))},server=on,wait=off",
            "-chardev", $"file,id=con0,path={EscapeOptionValue(launch.ConsoleLogPath)},append=on",
            "-serial", "chardev:con0",
        ]);

        if (options.Seccomp)
        {
            // elevateprivileges=deny would also forbid the setgid/setuid that -runas makes after the filter is in place.
            args.AddRange(["-sandbox", options.RunAsUser is null
                ? "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"
                : "on,obsolete=deny,spawn=deny,resourcecontrol=deny"]);
        }

        if (options.RunAsUser is { } user)
        {
            args.AddRange(["-runas", user]);
        }

        args.AddRange(["-kernel", launch.KernelPath]);
        if (launch.InitrdPath is { } initrd)
        {
            args.AddRange(["-initrd", initrd]);
        }

        args.AddRange(["-append", BuildKernelCommandLine(launch, host)]);

        foreach (var disk in launch.Disks)
        {
            var drive = new StringBuilder()
                .Append("id=").Append(DriveId(disk.Id))
                .Append(",file=").Append(EscapeOptionValue(disk.Path))
                .Append(",format=").Append(disk.Format == DiskFormat.Qcow2 ? "qcow2" : "raw")
                .Append(",if=none");
            if (disk.ReadOnly)
            {
                drive.Append(",readonly=on");
            }

            args.AddRange(["-drive", drive.ToString(), "-device", $"virtio-blk-device,drive={DriveId(disk.Id)}"]);
        }

        var fd = FirstMacvtapFd;
        foreach (var nic in launch.Nics)
        {
            var netdev = NetdevId(nic.DeviceId);
            args.AddRange(["-netdev", nic.Kind == NicKind.Tap
                ? $"tap,id={netdev},ifname={nic.HostDevice},script=no,downscript=no"
                : string.Create(CultureInfo.InvariantCulture, $"tap,id={netdev},fd={fd++}")]);
            args.AddRange(["-device", $"virtio-net-device,netdev={netdev},mac={nic.GuestMac.ToLowerInvariant()}"]);
        }

        return args;
    }

    /// <summary>
    /// The full argv that starts QEMU detached: <c>/bin/sh -c SCRIPT sh LOG setsid [ip netns exec NS] QEMU ARGS...</c>.
    /// The script opens the macvtap device nodes (numeric paths only), starts the rest of its arguments in the
    /// background with stdin/stdout on /dev/null and stderr in the log, and prints the background pid: QEMU's, as
    /// setsid and ip netns exec exec into it. QEMU is then a child of init (or the nearest subreaper), in a session
    /// of its own, and outlives the agent.
    /// </summary>
    public static IReadOnlyList<string> BuildLauncherArguments(VmLaunchSpec launch, QemuOptions options, QemuHostFacts host)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(options);
        var qemu = BuildQemuArguments(launch, options, host);
        var argv = new List<string>
        {
            LauncherShell,
            "-c",
            BuildLauncherScript(launch.Nics),
            "sh",
            QemuStateFiles.Log(QemuStateFiles.Normalize(launch.StateDirectory)),
            SetsidProgram,
        };
        if (launch.NetworkNamespace is { } ns)
        {
            argv.AddRange([IpProgram, "netns", "exec", ns]);
        }

        argv.Add(options.BinaryPath);
        argv.AddRange(qemu);
        return argv;
    }

    /// <summary>The launcher script; only agent-derived numbers are interpolated into it.</summary>
    public static string BuildLauncherScript(IReadOnlyList<NicAttachment> nics)
    {
        ArgumentNullException.ThrowIfNull(nics);
        var script = new StringBuilder("log=$1; shift\n");
        var macvtaps = nics.Where(n => n.Kind == NicKind.Macvtap).ToList();
        if (macvtaps.Count > 0)
        {
            // "<>" would create a missing node as a plain file: insist on the character device first.
            foreach (var nic in macvtaps)
            {
                script.Append(CultureInfo.InvariantCulture,
                    $"[ -c /dev/tap{nic.HostIndex} ] || {{ echo \"/dev/tap{nic.HostIndex} is not a character device (macvtap gone?)\" >&2; exit 3; }}\n");
            }

            script.Append("exec");
            var fd = FirstMacvtapFd;
            foreach (var nic in macvtaps)
            {
                script.Append(CultureInfo.InvariantCulture, $" {fd++}<>/dev/tap{nic.HostIndex}");
            }

            script.Append('\n');
        }

        script.Append("\"$@\" </dev/null >/dev/null 2>\"$log\" &\necho $!\n");
        return script.ToString();
    }

    private static void Validate(VmLaunchSpec launch, QemuOptions options)
    {
        if (!UidRegex().IsMatch(launch.Uid))
        {
            throw new ArgumentException($"VM uid '{Printable(launch.Uid)}' must be 1-64 letters, digits, '.', '_' or '-'", nameof(launch));
        }

        if (launch.Vcpu is < 1 or > 255)
        {
            throw new ArgumentException($"vCPU count {launch.Vcpu} must be between 1 and 255", nameof(launch));
        }

        if (launch.MemoryMiB < 1)
        {
            throw new ArgumentException($"Memory {launch.MemoryMiB} MiB must be positive", nameof(launch));
        }

        CheckPath(launch.StateDirectory, "state directory");
        var socket = QemuStateFiles.QmpSocket(QemuStateFiles.Normalize(launch.StateDirectory));
        if (Encoding.UTF8.GetByteCount(socket) > MaxUnixSocketPathBytes)
        {
            throw new ArgumentException($"The QMP socket path '{socket}' is longer than a unix socket path may be ({MaxUnixSocketPathBytes} bytes); use a shorter state directory", nameof(launch));
        }

        CheckPath(launch.KernelPath, "kernel");
        if (launch.InitrdPath is { } initrd)
        {
            CheckPath(initrd, "initrd");
        }

        CheckPath(launch.ConsoleLogPath, "console log");

        var diskIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var disk in launch.Disks)
        {
            CheckDeviceId(disk.Id, "disk");
            if (!diskIds.Add(disk.Id))
            {
                throw new ArgumentException($"Duplicate disk id '{disk.Id}'", nameof(launch));
            }

            CheckPath(disk.Path, $"disk {disk.Id}");
        }

        var nicIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nic in launch.Nics)
        {
            CheckDeviceId(nic.DeviceId, "NIC");
            if (!nicIds.Add(nic.DeviceId))
            {
                throw new ArgumentException($"Duplicate NIC id '{nic.DeviceId}'", nameof(launch));
            }

            if (!MacRegex().IsMatch(nic.GuestMac))
            {
                throw new ArgumentException($"NIC {nic.DeviceId}: MAC '{Printable(nic.GuestMac)}' must look like 02:00:00:00:00:01", nameof(launch));
            }

            if (nic.Kind == NicKind.Tap && !InterfaceNameRegex().IsMatch(nic.HostDevice))
            {
                throw new ArgumentException($"NIC {nic.DeviceId}: tap name '{Printable(nic.HostDevice)}' must be a Linux interface name (1-15 letters, digits, '.', '_', '-')", nameof(launch));
            }

            if (nic.Kind == NicKind.Macvtap && nic.HostIndex <= 0)
            {
                throw new ArgumentException($"NIC {nic.DeviceId}: a macvtap needs its interface index (got {nic.HostIndex})", nameof(launch));
            }

            if (nic.Kind is not (NicKind.Tap or NicKind.Macvtap))
            {
                throw new ArgumentException($"NIC {nic.DeviceId}: unknown kind {nic.Kind}", nameof(launch));
            }
        }

        if (launch.Nics.Count(n => n.Kind == NicKind.Macvtap) > MaxMacvtapNics)
        {
            throw new ArgumentException($"At most {MaxMacvtapNics} macvtap NICs per VM", nameof(launch));
        }

        if (launch.NetworkNamespace is { } ns && !NamespaceRegex().IsMatch(ns))
        {
            throw new ArgumentException($"Network namespace '{Printable(ns)}' must be 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-'", nameof(launch));
        }

        if (options.RunAsUser is { } user && !UserRegex().IsMatch(user))
        {
            throw new ArgumentException($"RunAsUser '{Printable(user)}' is not a user name", nameof(options));
        }

        if (string.IsNullOrEmpty(options.BinaryPath) || options.BinaryPath.StartsWith('-') || options.BinaryPath.Any(char.IsControl))
        {
            throw new ArgumentException($"BinaryPath '{Printable(options.BinaryPath)}' is not a program", nameof(options));
        }
    }

    private static void CheckDeviceId(string id, string what)
    {
        if (id is null || !DeviceIdRegex().IsMatch(id))
        {
            throw new ArgumentException($"The {what} id '{Printable(id)}' must be 1-32 letters, digits, '.', '_' or '-'", nameof(id));
        }
    }

    /// <summary>
    /// Absolute (so QEMU never reads a "protocol:" or "json:" prefix into it), and without control characters.
    /// Commas are fine: they are doubled where QEMU would split on them.
    /// </summary>
    private static void CheckPath(string path, string what)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Any(char.IsControl))
        {
            throw new ArgumentException($"The {what} path '{Printable(path)}' must be absolute and free of control characters", nameof(path));
        }
    }

    private static string Printable(string? value) =>
        value is null ? "(null)" : new string([.. value.Select(c => char.IsControl(c) ? '?' : c)]);
}
