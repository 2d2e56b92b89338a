using System.Globalization;

namespace LiquidMetal.Images.Bench;

/// <summary>
/// CPU time of this process plus its waited-for children (qemu-img), from /proc/self/stat, in milliseconds. Unlike
/// wall time it does not grow when other work on the machine delays us.
/// </summary>
internal static class ProcessCpu
{
    private const double MillisecondsPerTick = 10; // USER_HZ is 100 on Linux

    public static double ReadMilliseconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime, stime, cutime, cstime are fields 14 to 17 of the line, 12 to 15 here.
        return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) * MillisecondsPerTick;
    }
}
