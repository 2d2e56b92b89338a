namespace LiquidMetal.Core.Vms;

public sealed record NetworkInterfaceSpec
{
    public required string DeviceId { get; init; }

    /// <summary>Flintlock's enum value 0 is macvtap, so a request that omits the type asks for macvtap.</summary>
    public InterfaceType Type { get; init; } = InterfaceType.Macvtap;
    public string? GuestMac { get; init; }
    public StaticAddressSpec? Address { get; init; }

    /// <summary>Bridge (tap) or parent interface (macvtap) overriding the host's default.</summary>
    public string? BridgeName { get; init; }
}
