using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace LiquidMetal.Cli.Output;

/// <summary>Short, readable forms of sizes, durations and ages for tables and progress lines.</summary>
internal static class Humanize
{
    /// <summary>512 MiB, 2 GiB, 1.5 GiB, 3 TiB.</summary>
    public static string Mebibytes(long mib) => mib switch
    {
        < 1024 => $"{mib} MiB",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{mib / 1024.0:0.#} GiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{mib / (1024.0 * 1024.0):0.#} TiB"),
    };

    /// <summary>512 B, 1.2 KiB, 3.4 MiB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MiB"),
    };

    /// <summary>Like kubectl's AGE: 45s, 12m, 5h, 3d.</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 0 } => "0s",
        { TotalMinutes: < 1 } => $"{(int)age.TotalSeconds}s",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes}m",
        { TotalDays: < 1 } => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };

    /// <summary>The age of a timestamp, or "-" when the agent did not send one (flintlock never does).</summary>
    public static string Age(Timestamp? since, DateTimeOffset now) =>
        since is null ? "-" : Age(now - since.ToDateTimeOffset());

    /// <summary>The age of an RFC 3339 time as the controller sends it, or "-" when it is empty or unreadable.</summary>
    public static string Age(string? rfc3339, DateTimeOffset now) =>
        DateTimeOffset.TryParse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? Age(now - at) : "-";

    /// <summary>Go-style durations, as accepted by --timeout: 850ms, 12s, 1m30s, 2h0m0s.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return $"{(int)duration.TotalMilliseconds}ms";
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s");
        }

        return duration < TimeSpan.FromHours(1)
            ? $"{(int)duration.TotalMinutes}m{duration.Seconds}s"
            : $"{(int)duration.TotalHours}h{duration.Minutes}m{duration.Seconds}s";
    }

    /// <summary>An RFC 3339 time and how far it is from now: "2025-01-02T03:04:05Z (5m ago)", "... (in 20s)", or "-".</summary>
    public static string Time(Timestamp? time, DateTimeOffset now)
    {
        if (time is null)
        {
            return "-";
        }

        var at = time.ToDateTimeOffset();
        var text = at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return at > now ? $"{text} (in {Age(at - now)})" : $"{text} ({Age(now - at)} ago)";
    }
}
