using System.Diagnostics;
using System.Globalization;
using System.Text;
using LiquidMetal.Bench.Infrastructure;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Bench.Scenarios;

/// <summary>
/// The development guest booted by QEMU alone, with the agent's command line (src/LiquidMetal.Agent.Qemu/
/// QemuCommandLine.cs, default QemuOptions: seccomp sandbox on, QEMU's own TCG cache size, -runas as the agent does) and the same
/// disks: a qcow2 overlay of rootfs.ext4 and a NoCloud seed ISO, both made before the clock starts.
/// </summary>
public static class RawQemuBoot
{
    public const string Marker = "liquidmetal-ready";
    public const string QemuBinary = "qemu-system-x86_64";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public sealed record Result(TimeSpan LaunchToMarker, IReadOnlyList<string> Arguments, string Directory);

    /// <summary>Boots once and returns the time from just before QEMU is started to the marker line in the console file.</summary>
    public static async Task<Result> BootAsync(string name, string? runAsUser)
    {
        var directory = Directory.CreateTempSubdirectory("lmbench-raw-").FullName;
        Process? qemu = null;
        var stderr = new StringBuilder();
        try
        {
            var disk = Path.Combine(directory, "volume-root.qcow2");
            var rootfs = Path.Combine(RepoPaths.GuestDirectory, DevGuestSpec.RootVolume);
            await Shell.CheckAsync("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", rootfs, disk);
            var seed = await BuildSeedAsync(directory, name);
            var console = Path.Combine(directory, "console.log");
            var arguments = Arguments(name, directory, disk, seed, console, runAsUser);

            var info = new ProcessStartInfo(QemuBinary) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            var started = Stopwatch.GetTimestamp();
            qemu = Process.Start(info)!;
            qemu.ErrorDataReceived += (_, e) =>
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            };
            qemu.BeginErrorReadLine();
            qemu.BeginOutputReadLine();

            var offset = 0L;
            var text = new StringBuilder();
            while (true)
            {
                if (File.Exists(console))
                {
                    await using var stream = new FileStream(console, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    stream.Seek(offset, SeekOrigin.Begin);
                    using var reader = new StreamReader(stream, Encoding.UTF8);
                    var chunk = await reader.ReadToEndAsync();
                    offset = stream.Position;
                    text.Append(chunk);
                    if (HasMarkerLine(text.ToString()))
                    {
                        return new Result(Stopwatch.GetElapsedTime(started), arguments, directory);
                    }
                }

                if (qemu.HasExited)
                {
                    throw new InvalidOperationException($"QEMU exited with {qemu.ExitCode} before the marker: {stderr}\n{Tail(text.ToString())}");
                }

                if (Stopwatch.GetElapsedTime(started) > Timeout)
                {
                    throw new TimeoutException($"No '{Marker}' line within {Timeout.TotalSeconds:0} s of starting QEMU:\n{Tail(text.ToString())}");
                }

                await Task.Delay(PollInterval);
            }
        }
        finally
        {
            if (qemu is not null)
            {
                if (!qemu.HasExited)
                {
                    qemu.Kill();
                }

                await qemu.WaitForExitAsync();
                qemu.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// QEMU's arguments, in the agent's order, for a VM whose files are in <paramref name="directory"/>. The seccomp
    /// filter allows set*id only when QEMU is to switch user (<paramref name="runAsUser"/>), as the agent's does.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string name, string directory, string disk, string seed, string console, string? runAsUser) =>
    [
        "-M", "microvm", "-accel", "tcg", "-cpu", "max",
        "-m", DevGuestSpec.MemoryMiB.ToString(CultureInfo.InvariantCulture), "-smp", DevGuestSpec.Vcpu.ToString(CultureInfo.InvariantCulture),
        "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
        "-name", name,
        "-pidfile", Path.Combine(directory, "qemu.pid"),
        "-qmp", $"unix:{Path.Combine(directory, "qmp.sock")},server=on,wait=off",
        "-chardev", $"file,id=con0,path={console},append=on",
        "-serial", "chardev:con0",
        "-sandbox", runAsUser is null ? "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny" : "on,obsolete=deny,spawn=deny,resourcecontrol=deny",
        .. (runAsUser is null ? Array.Empty<string>() : ["-runas", runAsUser]),
        "-kernel", Path.Combine(RepoPaths.GuestDirectory, DevGuestSpec.Kernel),
        "-initrd", Path.Combine(RepoPaths.GuestDirectory, DevGuestSpec.Initrd),
        "-append", $"console=ttyS0 panic=-1 edd=off tsc_early_khz={TscKhz()} root=/dev/vda rw",
        "-drive", $"id=disk-root,file={disk},format=qcow2,if=none", "-device", "virtio-blk-device,drive=disk-root",
        "-drive", $"id=disk-seed,file={seed},format=raw,if=none,readonly=on", "-device", "virtio-blk-device,drive=disk-seed",
    ];

    /// <summary>The first "cpu MHz" of /proc/cpuinfo x 1000, rounded, as the agent computes it.</summary>
    public static long TscKhz()
    {
        var line = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("cpu MHz", StringComparison.Ordinal));
        var mhz = decimal.Parse(line.Split(':', 2)[1].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return (long)Math.Round(mhz * 1000m, MidpointRounding.AwayFromZero);
    }

    public static bool HasMarkerLine(string console) =>
        console.Split('\n').Any(line => line.TrimStart('\r').StartsWith(Marker, StringComparison.Ordinal));

    /// <summary>A seed like the agent's: meta-data (instance id, hostname) and user-data, as iso9660 labelled cidata.</summary>
    private static async Task<string> BuildSeedAsync(string directory, string name)
    {
        var files = Path.Combine(directory, "seed");
        Directory.CreateDirectory(files);
        await File.WriteAllTextAsync(Path.Combine(files, "meta-data"), $"instance-id: \"{name}\"\ninstance_id: \"{name}\"\nlocal-hostname: \"host-{name}\"\nlocal_hostname: \"host-{name}\"\nplatform: liquid_metal\n");
        await File.WriteAllTextAsync(Path.Combine(files, "user-data"), "#cloud-config\n");
        var seed = Path.Combine(directory, "seed.iso");
        await Shell.CheckAsync("genisoimage", "-quiet", "-input-charset", "utf-8", "-volid", "cidata", "-joliet", "-rock", "-o", seed,
            Path.Combine(files, "meta-data"), Path.Combine(files, "user-data"));
        return seed;
    }

    private static string Tail(string console) => string.Join('\n', console.Split('\n').TakeLast(15));
}
