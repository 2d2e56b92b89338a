namespace LiquidMetal.Agent.Linux.Networking;

/// <summary>Where guest NICs are made (the agent fills it from its reconciler settings).</summary>
public sealed class NetworkOptions
{
    /// <summary>
    /// Network namespace the VMs' devices live in (every command runs as <c>ip -n NAME ...</c>); null (default):
    /// the agent's own namespace.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>Bridge a tap joins when the request names none. Default <c>lmbr0</c>.</summary>
    public string DefaultBridge { get; set; } = "lmbr0";

    /// <summary>Parent interface of a macvtap when the request names none; null (default): the request must name one.</summary>
    public string? DefaultMacvtapParent { get; set; }

    /// <summary>The iproute2 <c>ip</c> executable. Default <c>ip</c> (found on PATH).</summary>
    public string IpPath { get; set; } = "ip";

    /// <summary>Where the macvtap character devices (<c>tapN</c>) live. Default <c>/dev</c>.</summary>
    public string DeviceDirectory { get; set; } = "/dev";
}
