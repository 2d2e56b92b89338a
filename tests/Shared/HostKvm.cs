namespace LiquidMetal.Testing.Agent;

/// <summary>
/// The tests' own oracle for "guests run under KVM here": /dev/kvm present AND hardware virtualisation in the CPU
/// flags. Some sandboxes expose /dev/kvm without it, and QEMU then aborts; the agent must report TCG there.
/// </summary>
public static class HostKvm
{
    public static bool Usable { get; } = File.Exists("/dev/kvm")
        && File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) is { } flags
        && flags.Split(' ').Any(f => f is "vmx" or "svm");
}
