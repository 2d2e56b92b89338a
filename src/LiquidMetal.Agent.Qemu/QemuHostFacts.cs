using System.Globalization;

namespace LiquidMetal.Agent.Qemu;

/// <summary>What the host offers that changes QEMU's command line.</summary>
/// <param name="KvmUsable">/dev/kvm opens read-write and QEMU can run a vCPU with it (see <see cref="KvmProbe"/>).</param>
/// <param name="TscKhz">The host CPU frequency in kHz (the first "cpu MHz" of /proc/cpuinfo x 1000); null when unknown.</param>
public sealed record QemuHostFacts(bool KvmUsable, long? TscKhz)
{
    public const string KvmDevice = "/dev/kvm";

    /// <summary>Reads the facts from this host: opens /dev/kvm, reads /proc/cpuinfo (about a millisecond), and the
    /// first time per QEMU binary starts it paused under KVM (under 100 ms) to see that KVM really works.</summary>
    public static QemuHostFacts Detect(string qemuBinary) => new(IsKvmUsable() && KvmProbe.Works(qemuBinary), ReadTscKhz());

    /// <summary>"cpu MHz : 2096.035" → 2096035; null when the text has no such line.</summary>
    public static long? ParseTscKhz(string cpuinfo)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !line.AsSpan(0, colon).Trim().SequenceEqual("cpu MHz"))
            {
                continue;
            }

            if (decimal.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mhz) && mhz > 0)
            {
                return (long)Math.Round(mhz * 1000m, MidpointRounding.AwayFromZero);
            }
        }

        return null;
    }

    private static bool IsKvmUsable()
    {
        try
        {
            using var handle = File.OpenHandle(KvmDevice, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadTscKhz()
    {
        try
        {
            return ParseTscKhz(File.ReadAllText("/proc/cpuinfo"));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
