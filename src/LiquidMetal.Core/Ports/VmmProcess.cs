namespace LiquidMetal.Core.Ports;

/// <summary>A live VMM process, identified by pid and the state directory it was started for.</summary>
public sealed record VmmProcess(int Pid, string StateDirectory, DateTimeOffset? StartedAt);
