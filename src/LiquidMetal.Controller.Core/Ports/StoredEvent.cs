using LiquidMetal.Controller.Core.Convergence;

namespace LiquidMetal.Controller.Core.Ports;

/// <summary>An event as stored: its sequence number (increasing) and when it was recorded.</summary>
public sealed record StoredEvent(long Sequence, DateTimeOffset At, ConvergenceEvent Event);
