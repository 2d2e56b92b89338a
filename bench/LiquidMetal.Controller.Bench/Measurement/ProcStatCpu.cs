using System.Globalization;

namespace LiquidMetal.Controller.Bench.Measurement;

/// <summary>Another process's CPU time (user + system) from <c>/proc/PID/stat</c>, in 10 ms ticks: for windows of seconds.</summary>
internal static class ProcStatCpu
{
    private const double MillisecondsPerTick = 10; // USER_HZ is 100 on Linux

    public static double ReadMilliseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * MillisecondsPerTick;
    }
}
