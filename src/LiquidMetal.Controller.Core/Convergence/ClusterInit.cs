using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Where a cluster's <c>kubeadm init</c> stands in one round (<see cref="ClusterBootstrap.Evaluate"/>).</summary>
/// <param name="Stored">The cluster is stored as initialized: its init VM was observed booted once.</param>
/// <param name="Attempt">
/// The live init attempt: a control-plane record that initializes and is still Creating, is on a host not answering
/// (presumed running), or whose VM is observed alive. Null when there is none.
/// </param>
/// <param name="Resumable">
/// The live attempt is only recorded (Creating, on a reachable host, its VM not observed): the controller stopped before
/// the agent had the VM, so the same node's next create continues that attempt and initializes.
/// </param>
/// <param name="Abandoned">Init attempts that died before their VM booted (VM failed, or gone from a reachable or failed host).</param>
public sealed record ClusterInit(bool Stored, MachineRecord? Attempt, bool Resumable, IReadOnlyList<MachineRecord> Abandoned)
{
    /// <summary>Every control-plane create joins: the cluster is stored as initialized or an init attempt is alive.</summary>
    public bool IsInitialized => Stored || Attempt is not null;

    /// <summary>Whether a control-plane create of <paramref name="node"/> runs <c>kubeadm init</c> (at most one per round is given it).</summary>
    public bool Initializes(string node) => !Stored && (Attempt is null || (Resumable && Attempt.Node == node));
}
