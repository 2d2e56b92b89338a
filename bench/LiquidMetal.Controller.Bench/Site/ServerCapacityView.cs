using System.Globalization;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Bench.Site;

/// <summary>
/// Lets a real agent on this small machine report a production server's CPUs and memory: the agent runs in its own
/// mount namespace (<c>unshare --mount</c>) where <c>/sys/devices/system/cpu/online</c> and <c>/proc/meminfo</c> are
/// bind mounts of files written here (what lxcfs does for containers). The agent reads its capacity from exactly those
/// two files; nothing else in it changes. Needs root.
/// </summary>
internal sealed class ServerCapacityView : IDisposable
{
    // Mount inside the new namespace, then exec the agent in place (same pid, so it can still be killed by pid).
    private const string Script = """mount --bind "$1" /sys/devices/system/cpu/online && mount --bind "$2" /proc/meminfo && shift 2 && exec "$@" """;

    private readonly string _directory = Directory.CreateTempSubdirectory("lm-ctlbench-capacity-").FullName;

    public ServerCapacityView(int cpus, long memoryGiB)
    {
        Cpus = cpus;
        MemoryGiB = memoryGiB;
        File.WriteAllText(CpuFile, string.Create(CultureInfo.InvariantCulture, $"0-{cpus - 1}\n"));
        var kib = memoryGiB * 1024 * 1024;
        File.WriteAllText(MemInfoFile, string.Create(CultureInfo.InvariantCulture, $"MemTotal:       {kib} kB\nMemFree:        {kib * 9 / 10} kB\nMemAvailable:   {kib * 9 / 10} kB\n"));
    }

    public int Cpus { get; }
    public long MemoryGiB { get; }
    private string CpuFile => Path.Combine(_directory, "online");
    private string MemInfoFile => Path.Combine(_directory, "meminfo");

    /// <summary><paramref name="agent"/> started inside the view.</summary>
    public ServerExecutable Wrap(ServerExecutable agent) => new(
        "unshare",
        ["--mount", "--propagation", "private", "sh", "-c", Script, "sh", CpuFile, MemInfoFile, agent.FileName, .. agent.LeadingArguments],
        $"{agent.Description} seeing {Cpus} CPUs and {MemoryGiB} GiB");

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
