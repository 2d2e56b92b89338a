using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Model;

public sealed record MachineInterface
{
    public required string DeviceId { get; init; }
    public InterfaceType Type { get; init; } = InterfaceType.Tap;

    /// <summary>Bridge (tap) or parent interface (macvtap); null uses the host agent's default.</summary>
    public string? Bridge { get; init; }
}
