namespace LiquidMetal.Core.Ports;

/// <summary>How a VMM ended: which step of the escalation it took.</summary>
public enum StopOutcome
{
    NotRunning = 0,
    GuestPoweredOff = 1,
    VmmQuit = 2,
    Killed = 3,
}
