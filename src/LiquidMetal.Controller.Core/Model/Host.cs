namespace LiquidMetal.Controller.Core.Model;

/// <summary>A server of the site: a KVM host running an agent, or a bare-metal worker.</summary>
public sealed record Host : IFleetObject
{
    public string Kind => FleetApi.HostKind;
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = FleetApi.NoLabels;
    public required HostRole Role { get; init; }

    /// <summary>Hosts sharing a failure domain fail together (a chassis, a rack); the loader defaults it to the host's name.</summary>
    public required string FailureDomain { get; init; }

    /// <summary>Required for kvm hosts; metal hosts are managed through their BMC.</summary>
    public AgentConnection? Agent { get; init; }
    public ResourceAmount Reserved { get; init; } = ResourceAmount.None;

    /// <summary>The networks the host is attached to; optional, used to check control-plane VIPs.</summary>
    public IReadOnlyList<HostNetwork> Networks { get; init; } = [];
    public OvercommitRatios Overcommit { get; init; } = OvercommitRatios.None;

    /// <summary>Takes nothing new; what runs there stays.</summary>
    public bool Cordoned { get; init; }

    /// <summary>Like cordoned, reported as maintenance.</summary>
    public bool Maintenance { get; init; }
}
