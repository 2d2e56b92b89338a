namespace LiquidMetal.Agent.Qemu;

/// <summary>The parts of /proc/PID/stat the driver uses: the state letter and the start time in clock ticks since boot.</summary>
internal readonly record struct ProcStat(char State, ulong StartTicks);
