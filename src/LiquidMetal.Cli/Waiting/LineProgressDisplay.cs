using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Waiting;

/// <summary>For a redirected standard error: one line whenever what is reported changes.</summary>
internal sealed class LineProgressDisplay(TextWriter writer, TimeProvider time) : IProgressDisplay
{
    public async Task<T> RunAsync<T>(string title, Func<IProgress<string>, Task<T>> work)
    {
        var started = time.GetTimestamp();
        await writer.WriteLineAsync(title);
        await writer.FlushAsync();
        return await work(new Lines(writer, () => Humanize.Duration(time.GetElapsedTime(started))));
    }

    private sealed class Lines(TextWriter writer, Func<string> elapsed) : IProgress<string>
    {
        private string? _last;

        public void Report(string value)
        {
            var line = value;
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
