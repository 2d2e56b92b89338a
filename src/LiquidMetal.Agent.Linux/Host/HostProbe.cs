using System.Globalization;
using System.Net;

namespace LiquidMetal.Agent.Linux.Host;

/// <summary>Reads the host's CPUs, memory, state-directory disk, hostname and kernel. The parsers are pure.</summary>
public static class HostProbe
{
    public static async Task<HostSnapshot> ProbeAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        var memory = ParseMemInfo(await File.ReadAllTextAsync("/proc/meminfo", cancellationToken).ConfigureAwait(false))
            ?? throw new InvalidDataException("/proc/meminfo has no MemTotal line");
        var cpus = ParseCpuList(await ReadOrNullAsync("/sys/devices/system/cpu/online", cancellationToken).ConfigureAwait(false))
            ?? Environment.ProcessorCount;
        var hostname = (await ReadOrNullAsync("/proc/sys/kernel/hostname", cancellationToken).ConfigureAwait(false))?.Trim() is { Length: > 0 } name
            ? name
            : Dns.GetHostName();
        var kernel = (await ReadOrNullAsync("/proc/sys/kernel/osrelease", cancellationToken).ConfigureAwait(false))?.Trim() ?? Environment.OSVersion.VersionString;
        var drive = new DriveInfo(NearestExisting(Path.GetFullPath(stateDirectory)));
        return new HostSnapshot(hostname, kernel, cpus, memory.TotalBytes, memory.AvailableBytes, drive.TotalSize, drive.AvailableFreeSpace);
    }

    /// <summary>MemTotal and MemAvailable from /proc/meminfo text ("MemTotal:  16314516 kB"); null without MemTotal.</summary>
    public static MemoryInfo? ParseMemInfo(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long? total = null;
        long? available = null;
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            if (key is not ("MemTotal" or "MemAvailable"))
            {
                continue;
            }

            var parts = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var bytes = parts.Length > 1 && parts[1].Equals("kB", StringComparison.OrdinalIgnoreCase) ? value * 1024 : value;
            if (key == "MemTotal")
            {
                total = bytes;
            }
            else
            {
                available = bytes;
            }
        }

        return total is { } t ? new MemoryInfo(t, available) : null;
    }

    /// <summary>How many CPUs a kernel CPU list names ("0-3,8-11,14" is 9); null when it is empty or malformed.</summary>
    public static int? ParseCpuList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var count = 0;
        foreach (var range in text.Trim().Split(','))
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? range : range[..dash];
            var last = dash < 0 ? range : range[(dash + 1)..];
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                || to < from)
            {
                return null;
            }

            count += to - from + 1;
        }

        return count;
    }

    private static async Task<string?> ReadOrNullAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The directory itself or its closest existing ancestor (the state directory may not exist yet).</summary>
    private static string NearestExisting(string path)
    {
        var current = path;
        while (!Directory.Exists(current) && Path.GetDirectoryName(current) is { } parent)
        {
            current = parent;
        }

        return current;
    }
}
