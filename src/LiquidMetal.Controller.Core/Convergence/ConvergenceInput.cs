using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Everything one convergence round plans from; the planner does no I/O.</summary>
public sealed record ConvergenceInput
{
    public required Fleet Fleet { get; init; }

    /// <summary>The desired state's revision (Git commit or folder hash), for messages.</summary>
    public string Revision { get; init; } = "";

    /// <summary>Increases with every applied desired-state revision; stamped on conditions.</summary>
    public long Generation { get; init; }

    /// <summary>Every kvm host's observation; a fleet kvm host without one counts as never reached.</summary>
    public IReadOnlyList<ObservedHost> Hosts { get; init; } = [];

    public IReadOnlyList<MachineRecord> Machines { get; init; } = [];

    /// <summary>Clusters stored as initialized: their init VM was observed booted once (<see cref="ClusterBootstrap"/>).</summary>
    public IReadOnlyCollection<string> InitializedClusters { get; init; } = [];

    /// <summary>Conditions as stored after the previous round (for transition times).</summary>
    public IReadOnlyList<ConditionSet> PreviousConditions { get; init; } = [];

    public required DateTimeOffset Now { get; init; }

    /// <summary>How long an agent may be unreachable before its host is failed and its nodes re-placed.</summary>
    public TimeSpan HostGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// At most this many VMs booting at once fleet-wide (created, not yet Ready: observed Pending, plus this round's
    /// creates); creates beyond it wait for a later round. 0 (default): unlimited.
    /// </summary>
    public int MaxBooting { get; init; }

    /// <summary>Nodes' VMs from earlier rounds of the same desired state; null builds every one anew (same answer, more CPU).</summary>
    public NodeVmCache? VmCache { get; init; }

    /// <summary>
    /// Clusters whose nodes cannot be bootstrapped now (no PKI encryption key, a PKI that does not open), with why:
    /// none of their VMs is created, and their Converged condition says why (reason BootstrapUnavailable).
    /// </summary>
    public IReadOnlyDictionary<string, string> BootstrapProblems { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
