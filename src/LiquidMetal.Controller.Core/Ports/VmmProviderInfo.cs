namespace LiquidMetal.Controller.Core.Ports;

/// <summary>A VMM provider on a host (qemu, firecracker, ...) and whether it can run VMs there.</summary>
/// <param name="Reason">Why it is not available, when it is not.</param>
/// <param name="Capabilities">Lower-case capability names (initrd, macvtap, pause, ...).</param>
public sealed record VmmProviderInfo(string Name, bool Available, string? Reason, IReadOnlyList<string> Capabilities, string? Version);
