namespace LiquidMetal.Core.Vms;

/// <summary>Flintlock's defaults for fields a client leaves empty.</summary>
public static class MicroVmDefaults
{
    public const string Namespace = "default";
    public const int Vcpu = 2;
    public const int MemoryMiB = 1024;

    public static MicroVmSpec Apply(MicroVmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec with
        {
            Namespace = string.IsNullOrEmpty(spec.Namespace) ? Namespace : spec.Namespace,
            Vcpu = spec.Vcpu == 0 ? Vcpu : spec.Vcpu,
            MemoryMiB = spec.MemoryMiB == 0 ? MemoryMiB : spec.MemoryMiB,
        };
    }
}
