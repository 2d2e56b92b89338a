using System.Diagnostics;

namespace LiquidMetal.Bench.Measurement;

/// <summary>
/// Every recorded latency, sorted; percentiles by nearest rank (the smallest sample with at least p% of the
/// samples at or below it), so p99 of 200 samples is the 198th. No averaging, no histogram buckets.
/// </summary>
public sealed class LatencySummary
{
    private readonly long[] _sortedTicks;

    public LatencySummary(IEnumerable<long> stopwatchTicks)
    {
        ArgumentNullException.ThrowIfNull(stopwatchTicks);
        _sortedTicks = [.. stopwatchTicks];
        Array.Sort(_sortedTicks);
    }

    public int Count => _sortedTicks.Length;

    public TimeSpan P50 => Percentile(50);
    public TimeSpan P99 => Percentile(99);
    public TimeSpan Max => Count == 0 ? TimeSpan.Zero : ToTimeSpan(_sortedTicks[^1]);
    public TimeSpan Min => Count == 0 ? TimeSpan.Zero : ToTimeSpan(_sortedTicks[0]);

    public TimeSpan Percentile(double percent)
    {
        if (Count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * Count);
        return ToTimeSpan(_sortedTicks[Math.Clamp(rank, 1, Count) - 1]);
    }

    public static TimeSpan ToTimeSpan(long stopwatchTicks) =>
        TimeSpan.FromTicks((long)(stopwatchTicks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
}
