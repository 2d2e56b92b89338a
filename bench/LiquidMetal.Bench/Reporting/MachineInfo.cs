using System.Globalization;
using System.Runtime.InteropServices;

namespace LiquidMetal.Bench.Reporting;

/// <summary>What the numbers depend on: the machine, its load, the runtime.</summary>
public static class MachineInfo
{
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ').Take(3) is var parts ? string.Join(' ', parts) : "";

    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKiB = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memGiB = long.Parse(memKiB, CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(' ') ?? [];
        var kvm = File.Exists("/dev/kvm") && flags.Any(f => f is "vmx" or "svm") ? "KVM" : "no KVM (QEMU runs under TCG)";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu}), {memGiB:0} GiB, {kvm}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }
}
