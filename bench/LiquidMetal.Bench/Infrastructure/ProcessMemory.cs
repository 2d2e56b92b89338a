using System.Globalization;

namespace LiquidMetal.Bench.Infrastructure;

/// <summary>A process's memory from /proc/PID/status, in KiB: resident now, its peak, and resident anonymous, file-backed and shared (VmRSS = RssAnon + RssFile + RssShmem).</summary>
public sealed record ProcessMemory(long VmRssKiB, long VmHwmKiB, long RssAnonKiB, long RssFileKiB, long RssShmemKiB)
{
    public static ProcessMemory Read(int pid)
    {
        long rss = 0, hwm = 0, anon = 0, file = 0, shmem = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon];
            if (key is not ("VmRSS" or "VmHWM" or "RssAnon" or "RssFile" or "RssShmem"))
            {
                continue;
            }

            var kib = long.Parse(line[(colon + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            switch (key)
            {
                case "VmRSS": rss = kib; break;
                case "VmHWM": hwm = kib; break;
                case "RssAnon": anon = kib; break;
                case "RssFile": file = kib; break;
                default: shmem = kib; break;
            }
        }

        return new ProcessMemory(rss, hwm, anon, file, shmem);
    }
}
