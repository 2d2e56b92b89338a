using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Record <see cref="Record"/> (phase Creating), then ask the host's agent to create <see cref="Vm"/>'s spec;
/// on success record phase Created. Repeating it is safe: the id is deterministic and the agent's create idempotent.
/// </summary>
public sealed record CreateVmAction(NodeVm Vm, MachineRecord Record) : ConvergenceAction
{
    public string Host => Record.Host;
}
