using LiquidMetal.Cli.Output;
using Spectre.Console;

namespace LiquidMetal.Cli.Waiting;

/// <summary>A live Spectre status line (spinner, state, attempts, reason, elapsed time) for a terminal.</summary>
internal sealed class SpinnerProgressDisplay(IAnsiConsole console, TimeProvider time) : IProgressDisplay
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);

    public Task<T> RunAsync<T>(string title, Func<IProgress<VmObservation>, Task<T>> work)
    {
        var started = time.GetTimestamp();
        var latest = new Latest();
        return console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(title), async context =>
        {
            var task = work(latest);
            while (!task.IsCompleted)
            {
                var line = latest.Value is { } observation ? $"{title}: {observation.Describe()}" : title;
                context.Status(Markup.Escape($"{line} ({Humanize.Duration(time.GetElapsedTime(started))})"));
                await Task.WhenAny(task, Task.Delay(Refresh, time));
            }

            return await task;
        });
    }

    private sealed class Latest : IProgress<VmObservation>
    {
        private VmObservation? _value;

        public VmObservation? Value => Volatile.Read(ref _value);

        public void Report(VmObservation value) => Volatile.Write(ref _value, value);
    }
}
