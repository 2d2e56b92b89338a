using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Core.Convergence;

namespace LiquidMetal.Controller.Convergence;

/// <summary>What a watcher knows of its agent at one moment.</summary>
/// <param name="Reachable">The agent answered and the watch is in sync.</param>
/// <param name="Vms">Every VM the agent has that carries the controller's labels (valid when <paramref name="Reachable"/>).</param>
internal sealed record AgentSnapshot(
    bool Reachable,
    DateTimeOffset? UnreachableSince,
    DateTimeOffset? LastSeen,
    HostAgentInfo? Info,
    string? LastError,
    IReadOnlyList<ObservedVm> Vms);
