using System.Diagnostics;
using System.Globalization;

namespace LiquidMetal.Bench.Measurement;

/// <summary>Formatting of measured times for the tables.</summary>
public static class Timing
{
    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString(Math.Abs(value.TotalMilliseconds) < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    public static string MiB(long kib) => (kib / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    public static string PerSecond(double value) => value.ToString("#,0", CultureInfo.InvariantCulture) + "/s";

    public static TimeSpan Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp);

    public static TimeSpan Median(IReadOnlyList<TimeSpan> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
