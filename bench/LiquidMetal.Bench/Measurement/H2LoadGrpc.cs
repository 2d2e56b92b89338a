using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;

namespace LiquidMetal.Bench.Measurement;

/// <summary>
/// Closed-loop load from nghttp2's <c>h2load</c>, a C HTTP/2 load generator that costs a fraction of the CPU of
/// the .NET gRPC client: the same unary call sent as raw gRPC frames (<c>-m</c> streams in flight on one
/// connection), every request's latency read back from its <c>--log-file</c>. h2load sees HTTP status, not
/// gRPC status, so the run is only accepted when every response carried at least the expected message size.
/// </summary>
public static class H2LoadGrpc
{
    public const string Binary = "/usr/bin/h2load";

    public static bool Available => File.Exists(Binary);

    /// <summary>Runs <paramref name="request"/> against <paramref name="url"/> (https://host:port/package.Service/Method).</summary>
    public static async Task<LoadResult> RunAsync(string url, string token, IMessage request, int minResponseBytes, int streams, TimeSpan warmup, TimeSpan duration, Func<TimeSpan> agentCpu)
    {
        var directory = Directory.CreateTempSubdirectory("lm-bench-h2load-");
        try
        {
            var body = Path.Combine(directory.FullName, "request.grpc");
            await File.WriteAllBytesAsync(body, GrpcFrame(request));
            var log = Path.Combine(directory.FullName, "requests.tsv");

            var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                "-c", "1", "-t", "1", "-m", streams.ToString(CultureInfo.InvariantCulture),
                "--warm-up-time", Seconds(warmup), "-D", Seconds(duration),
                "-d", body,
                "-H", "content-type: application/grpc",
                "-H", "te: trailers",
                "-H", "authorization: Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token)),
                "--log-file", log,
                url,
            })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Binary}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();

            // CPU of both processes over the measured window, sampled while h2load still runs.
            await Task.Delay(warmup);
            var agentBefore = agentCpu();
            var loadBefore = process.TotalProcessorTime;
            var windowStart = Stopwatch.GetTimestamp();
            await Task.Delay(duration - TimeSpan.FromMilliseconds(200));
            var agentAfter = agentCpu();
            var loadAfter = process.HasExited ? loadBefore : process.TotalProcessorTime;
            var window = Stopwatch.GetElapsedTime(windowStart);

            await process.WaitForExitAsync();
            var output = await stdout + await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"h2load exited with {process.ExitCode}:\n{output}");
            }

            var samples = ReadLog(log, out var notOk);
            var summary = Summary.Parse(output);
            if (notOk > 0 || summary.Succeeded != samples.Count || samples.Count == 0)
            {
                throw new InvalidOperationException($"h2load: {notOk} non-200 responses, {summary.Succeeded} succeeded of {samples.Count} logged:\n{output}");
            }

            if (summary.DataBytes < (long)minResponseBytes * summary.Succeeded)
            {
                throw new InvalidOperationException(
                    $"h2load: {summary.DataBytes} response bytes for {summary.Succeeded} calls, fewer than {minResponseBytes} each: the calls failed with a gRPC status (trailers only):\n{output}");
            }

            return new LoadResult(new LatencySummary(samples), duration,
                (agentAfter - agentBefore) * (duration / window), (loadAfter - loadBefore) * (duration / window));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>A gRPC length-prefixed message: no compression flag, 4-byte big-endian length, the protobuf.</summary>
    private static byte[] GrpcFrame(IMessage request)
    {
        var message = request.ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Latencies in Stopwatch ticks from h2load's log (start µs, status, µs until the end of the response).</summary>
    private static List<long> ReadLog(string path, out int notOk)
    {
        notOk = 0;
        var samples = new List<long>(256 * 1024);
        foreach (var line in File.ReadLines(path))
        {
            var columns = line.Split('\t');
            if (columns.Length < 3)
            {
                continue;
            }

            if (columns[1] != "200")
            {
                notOk++;
            }

            var micros = long.Parse(columns[2], CultureInfo.InvariantCulture);
            samples.Add(micros * Stopwatch.Frequency / 1_000_000);
        }

        return samples;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    /// <summary>The two lines of h2load's summary this check needs.</summary>
    private sealed record Summary(long Succeeded, long DataBytes)
    {
        public static Summary Parse(string output)
        {
            long succeeded = -1, data = -1;
            foreach (var raw in output.Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith("requests:", StringComparison.Ordinal))
                {
                    succeeded = NumberBefore(line, " succeeded");
                }
                else if (line.StartsWith("traffic:", StringComparison.Ordinal))
                {
                    data = NumberBefore(line, " data");
                }
            }

            return new Summary(succeeded, data);
        }

        /// <summary>The integer just before <paramref name="word"/>: "..., 120 succeeded, ..." or "(120) data".</summary>
        private static long NumberBefore(string line, string word)
        {
            var end = line.IndexOf(word, StringComparison.Ordinal);
            if (end < 0)
            {
                return -1;
            }

            var start = end;
            while (start > 0 && (char.IsDigit(line[start - 1]) || line[start - 1] is '(' or ')'))
            {
                start--;
            }

            return long.Parse(line[start..end].Trim('(', ')'), CultureInfo.InvariantCulture);
        }
    }
}
