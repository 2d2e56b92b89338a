namespace LiquidMetal.Core.Ports;

/// <param name="Acceleration">"kvm" or "tcg" (software emulation); null when unavailable.</param>
public sealed record VmmAvailability(bool Available, string? Version, string? Acceleration, string? Reason);
