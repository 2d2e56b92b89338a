using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Ports;

/// <summary>
/// The controller's record of one node's VM: written before the agent is asked (so a controller killed in between
/// finds the VM by its deterministic id on restart) and the node's current placement for the scheduler.
/// </summary>
/// <param name="Pool">The worker pool; null for control-plane nodes.</param>
/// <param name="VmId">The agent's id for the VM (namespace = cluster), derived from node and spec hash.</param>
/// <param name="Initializes">
/// This VM was created to run <c>kubeadm init</c> (a control-plane node's init attempt, see
/// <see cref="Convergence.ClusterBootstrap"/>); saved with the Creating record, before the agent is asked.
/// </param>
public sealed record MachineRecord(
    string Cluster,
    string Node,
    NodeRole Role,
    string? Pool,
    string Host,
    string VmId,
    string SpecHash,
    MachinePhase Phase,
    bool Initializes = false);
