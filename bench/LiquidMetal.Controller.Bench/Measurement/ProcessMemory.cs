using System.Globalization;

namespace LiquidMetal.Controller.Bench.Measurement;

/// <summary>
/// A process's memory from <c>/proc/PID/smaps_rollup</c> and <c>/proc/PID/status</c>, in KiB: resident (RSS), proportional
/// (PSS: shared pages divided among the processes mapping them) split into anonymous, file-backed and shmem, and the
/// peak resident size (VmHWM).
/// </summary>
internal sealed record ProcessMemory(long RssKiB, long PssKiB, long PssAnonKiB, long PssFileKiB, long PssShmemKiB, long PeakRssKiB)
{
    public static ProcessMemory Read(int pid)
    {
        var rollup = Fields($"/proc/{pid}/smaps_rollup");
        var status = Fields($"/proc/{pid}/status");
        return new ProcessMemory(rollup["Rss"], rollup["Pss"], rollup["Pss_Anon"], rollup["Pss_File"], rollup["Pss_Shmem"], status["VmHWM"]);
    }

    public static double MiB(long kib) => kib / 1024.0;

    private static Dictionary<string, long> Fields(string path)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !line.EndsWith(" kB", StringComparison.Ordinal))
            {
                continue;
            }

            fields[line[..colon]] = long.Parse(line[(colon + 1)..^3].Trim(), CultureInfo.InvariantCulture);
        }

        return fields;
    }
}
