using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LiquidMetal.Agent.Qemu.Tests.Harness;

/// <summary>Writes the driver's log lines into the test's output, with the time since the test started.</summary>
public sealed class TestOutputLogger<T>(ITestOutputHelper output) : ILogger<T>
{
    private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(_start);
        try
        {
            output.WriteLine($"[{elapsed.TotalSeconds,7:0.000}s {logLevel}] {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished (a late log line from cleanup).
        }
    }
}
