namespace LiquidMetal.Agent.Linux.Networking;

/// <summary>One link as <c>ip -j -d link show</c> reports it (the fields the agent uses).</summary>
/// <param name="Master">Bridge (or other master) the link is enslaved to.</param>
/// <param name="Link">Lower device, e.g. a macvtap's parent.</param>
/// <param name="Kind">linkinfo.info_kind: "tun", "bridge", "macvtap", "veth"; null for physical devices.</param>
/// <param name="Mode">linkinfo.info_data.type for tun devices ("tap"/"tun"), .mode for macvtap/macvlan ("bridge", ...).</param>
internal sealed record IpLink(
    int IfIndex,
    string Name,
    IReadOnlyList<string> Flags,
    string? Master,
    string? Link,
    string? Address,
    string? Kind,
    string? Mode)
{
    public bool IsUp => Flags.Contains("UP");

    public bool IsTap => Kind == "tun" && Mode == "tap";

    public bool IsMacvtap => Kind == "macvtap";

    public bool IsBridge => Kind == "bridge";
}
