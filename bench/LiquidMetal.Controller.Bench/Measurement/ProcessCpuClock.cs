using System.Runtime.InteropServices;

namespace LiquidMetal.Controller.Bench.Measurement;

/// <summary>
/// CPU time of this whole process (every thread: the round's, the thread pool's, the GC's, the agent watchers'),
/// from <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>: nanosecond resolution, unlike the 10 ms ticks of /proc/self/stat.
/// It does not grow while other work on the machine delays this process.
/// </summary>
internal static partial class ProcessCpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    public static TimeSpan Now()
    {
        if (clock_gettime(ClockProcessCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
