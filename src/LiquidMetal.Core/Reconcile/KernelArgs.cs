using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Reconcile;

/// <summary>The guest kernel command line: the agent's arguments, then the client's (validated) ones, which may override.</summary>
public static class KernelArgs
{
    public static IReadOnlyList<string> Build(MicroVmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var args = new List<string>();
        if (spec.RootVolume is { } root)
        {
            args.Add("root=/dev/vda");
            args.Add(root.IsReadOnly ? "ro" : "rw");
        }

        foreach (var (key, value) in spec.Kernel.Cmdline.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            args.Add(value.Length == 0 ? key : $"{key}={value}");
        }

        return args;
    }
}
