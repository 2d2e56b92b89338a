namespace LiquidMetal.Agent.Qemu.Tests.Harness;

/// <summary>
/// Whether a unix socket path is listening, from /proc/net/unix (flag __SO_ACCEPTCON), without connecting: QEMU
/// binds (the file appears) before it listens, and a probing connection would take QMP's only client slot.
/// </summary>
internal static class UnixSocketListening
{
    private const int AcceptConnections = 0x10000;

    public static bool IsListening(string path) =>
        File.ReadLines("/proc/net/unix").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(f => f.Length >= 8 && f[7] == path && (Convert.ToInt32(f[3], 16) & AcceptConnections) != 0);
}
