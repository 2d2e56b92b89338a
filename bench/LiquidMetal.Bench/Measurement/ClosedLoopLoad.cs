using System.Diagnostics;

namespace LiquidMetal.Bench.Measurement;

/// <summary>
/// Closed-loop load: each client makes one call, waits for the answer, makes the next. Latency is taken around each
/// awaited call with <see cref="Stopwatch.GetTimestamp"/> and every sample is kept.
/// </summary>
public static class ClosedLoopLoad
{
    /// <summary>
    /// Every client calls in a loop for <paramref name="warmup"/> (not recorded) then <paramref name="duration"/>;
    /// calls started inside the measured window are recorded, and throughput is those calls over the window.
    /// </summary>
    public static async Task<LoadResult> RunForAsync(int clients, TimeSpan warmup, TimeSpan duration, Func<int, Func<Task>> callOfClient, Func<TimeSpan> agentCpu)
    {
        ArgumentNullException.ThrowIfNull(callOfClient);
        ArgumentNullException.ThrowIfNull(agentCpu);
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        var workers = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            var call = callOfClient(i);
            var samples = new List<long>(64 * 1024);
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (t0 >= measureTo)
                {
                    return samples;
                }

                await call();
                var t1 = Stopwatch.GetTimestamp();
                if (t0 >= measureFrom)
                {
                    samples.Add(t1 - t0);
                }
            }
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
        var latencies = new LatencySummary(perClient.SelectMany(s => s));
        // CPU is sampled over the window as the timer saw it; scale to the nominal window so the ratios hold.
        return new LoadResult(latencies, duration, (agentAfter - agentBefore) * (duration / cpuWindow), (benchAfter - benchBefore) * (duration / cpuWindow));
    }

    /// <summary>
    /// Every client makes <paramref name="warmupCalls"/> unrecorded calls, then all start together and make
    /// <paramref name="callsPerClient"/> recorded ones; the wall time runs from that start to the last answer.
    /// The call gets the client index and the call number (warm-up calls are numbered from -warmupCalls).
    /// </summary>
    public static async Task<LoadResult> RunCountAsync(int clients, int warmupCalls, int callsPerClient, Func<int, int, Task> call, Func<TimeSpan> agentCpu)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(agentCpu);
        var warmedUp = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            for (var n = -warmupCalls; n < 0; n++)
            {
                await call(i, n);
            }

            if (Interlocked.Increment(ref warmedUp) == clients)
            {
                go.TrySetResult();
            }

            await go.Task;
            var samples = new long[callsPerClient];
            for (var n = 0; n < callsPerClient; n++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await call(i, n);
                samples[n] = Stopwatch.GetTimestamp() - t0;
            }

            return samples;
        })).ToArray();

        await go.Task;
        var agentBefore = agentCpu();
        var benchBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var perClient = await Task.WhenAll(workers);
        var wall = Stopwatch.GetElapsedTime(start);
        var agentAfter = agentCpu();
        var benchAfter = Process.GetCurrentProcess().TotalProcessorTime;
        return new LoadResult(new LatencySummary(perClient.SelectMany(s => s)), wall, agentAfter - agentBefore, benchAfter - benchBefore);
    }
}
