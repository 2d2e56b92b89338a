using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Waiting;

/// <summary>For a redirected standard error: one line whenever the state, attempt or reason changes.</summary>
internal sealed class LineProgressDisplay(TextWriter writer, TimeProvider time) : IProgressDisplay
{
    public async Task<T> RunAsync<T>(string title, Func<IProgress<VmObservation>, Task<T>> work)
    {
        var started = time.GetTimestamp();
        await writer.WriteLineAsync(title);
        await writer.FlushAsync();
        return await work(new Lines(writer, () => Humanize.Duration(time.GetElapsedTime(started))));
    }

    private sealed class Lines(TextWriter writer, Func<string> elapsed) : IProgress<VmObservation>
    {
        private string? _last;

        public void Report(VmObservation value)
        {
            var line = value.Describe();
            if (line == _last)
            {
                return;
            }

            _last = line;
            writer.WriteLine($"  {line} ({elapsed()})");
            writer.Flush();
        }
    }
}
