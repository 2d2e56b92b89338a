using LiquidMetal.Cli.Output;
using Spectre.Console;

namespace LiquidMetal.Cli.Waiting;

/// <summary>A live Spectre status line (spinner, the latest reported line, elapsed time) for a terminal.</summary>
internal sealed class SpinnerProgressDisplay(IAnsiConsole console, TimeProvider time) : IProgressDisplay
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);

    public Task<T> RunAsync<T>(string title, Func<IProgress<string>, Task<T>> work)
    {
        var started = time.GetTimestamp();
        var latest = new Latest();
        return console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(title), async context =>
        {
            var task = work(latest);
            while (!task.IsCompleted)
            {
                var line = latest.Value is { } reported ? $"{title}: {reported}" : title;
                context.Status(Markup.Escape($"{line} ({Humanize.Duration(time.GetElapsedTime(started))})"));
                await Task.WhenAny(task, Task.Delay(Refresh, time));
            }

            return await task;
        });
    }

    private sealed class Latest : IProgress<string>
    {
        private string? _value;

        public string? Value => Volatile.Read(ref _value);

        public void Report(string value) => Volatile.Write(ref _value, value);
    }
}
