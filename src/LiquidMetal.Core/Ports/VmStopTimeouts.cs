namespace LiquidMetal.Core.Ports;

public sealed record VmStopTimeouts(TimeSpan PowerButton, TimeSpan Quit, TimeSpan Kill)
{
    public static VmStopTimeouts Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
}
