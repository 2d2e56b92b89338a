using System.Diagnostics;

namespace LiquidMetal.Bench.Measurement;

/// <summary>
/// Open-loop load at a fixed rate (as wrk2 does): each client sends on its own schedule, one call every
/// clients/rate seconds, whatever the answers do. A client still waiting for its previous answer when the next send
/// is due sends as soon as the answer arrives, and that call's latency counts from when it was due: a slow answer
/// is charged for the calls it held up (no coordinated omission). A call sent on time counts from its actual send,
/// so the load generator's own timer slack is not charged to the agent.
/// </summary>
public static class PacedLoad
{
    public static async Task<LoadResult> RunForAsync(int clients, double callsPerSecond, TimeSpan warmup, TimeSpan duration, Func<int, Func<Task>> callOfClient, Func<TimeSpan> agentCpu)
    {
        ArgumentNullException.ThrowIfNull(callOfClient);
        ArgumentNullException.ThrowIfNull(agentCpu);
        var interval = (long)(Stopwatch.Frequency * clients / callsPerSecond);
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        var workers = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            var call = callOfClient(i);
            var samples = new List<long>(64 * 1024);
            // Clients are spread evenly over one interval, so together they send at a steady rate.
            for (var due = start + interval * i / clients; due < measureTo; due += interval)
            {
                var now = Stopwatch.GetTimestamp();
                var late = now > due;
                if (!late)
                {
                    await WaitUntilAsync(due);
                }

                var sent = late ? due : Stopwatch.GetTimestamp();
                await call();
                if (due >= measureFrom)
                {
                    samples.Add(Stopwatch.GetTimestamp() - sent);
                }
            }

            return samples;
        })).ToArray();

        await Task.Delay(Stopwatch.GetElapsedTime(start, measureFrom) is var untilFrom && untilFrom > TimeSpan.Zero ? untilFrom : TimeSpan.Zero);
        var agentBefore = agentCpu();
        var benchBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var windowStart = Stopwatch.GetTimestamp();
        var untilTo = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureTo);
        await Task.Delay(untilTo > TimeSpan.Zero ? untilTo : TimeSpan.Zero);
        var agentAfter = agentCpu();
        var benchAfter = Process.GetCurrentProcess().TotalProcessorTime;
        var cpuWindow = Stopwatch.GetElapsedTime(windowStart);

        var perClient = await Task.WhenAll(workers);
        // Throughput counts calls due in the window that were made; a client that fell behind makes fewer.
        var wall = Stopwatch.GetElapsedTime(measureFrom, Math.Max(measureTo, Stopwatch.GetTimestamp()));
        var latencies = new LatencySummary(perClient.SelectMany(s => s));
        return new LoadResult(latencies, wall, (agentAfter - agentBefore) * (duration / cpuWindow), (benchAfter - benchBefore) * (duration / cpuWindow));
    }

    /// <summary>Sleeps until the moment (timer slack makes it up to about a millisecond late; never spins).</summary>
    private static async Task WaitUntilAsync(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining >= TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(remaining);
        }
    }
}
