using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Record <see cref="Record"/> (phase Creating), then ask the host's agent to create <see cref="Vm"/>'s spec;
/// on success record phase Created. Repeating it is safe: the id is deterministic and the agent's create idempotent.
/// The executor renders the node's bootstrap for <see cref="Bootstrap"/> into the spec's metadata (not hashed).
/// </summary>
public sealed record CreateVmAction(NodeVm Vm, MachineRecord Record) : ConvergenceAction
{
    public string Host => Record.Host;

    /// <summary>
    /// What the node does with kubeadm: the planner sets <see cref="BootstrapAction.InitControlPlane"/> on one
    /// control-plane node of a cluster not initialized yet (<see cref="ClusterBootstrap"/>); otherwise a join by role.
    /// </summary>
    public BootstrapAction Bootstrap { get; init; } = Vm.Node.Role == NodeRole.ControlPlane ? BootstrapAction.JoinControlPlane : BootstrapAction.JoinWorker;
}
