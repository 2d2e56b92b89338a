namespace LiquidMetal.Core.Vms;

/// <summary>The host side of a guest NIC.</summary>
public sealed record InterfaceStatus(string HostDeviceName, int Index, string MacAddress);
