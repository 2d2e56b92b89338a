namespace LiquidMetal.Agent.Hosting;

/// <summary>
/// Least privilege for VMM processes by default: QEMU drops to the unprivileged <see cref="DefaultUser"/>
/// (made by scripts/setup.sh) once it has opened its devices and files. Configuring Qemu:RunAsUser picks
/// another user; an empty value keeps QEMU root (not recommended).
/// </summary>
internal static class VmmUser
{
    public const string DefaultUser = "lm-vmm";

    public static string? Choose(string? configured) => configured switch
    {
        null => Exists(DefaultUser) ? DefaultUser : null,
        "" => null,
        _ => configured,
    };

    private static bool Exists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));
}
