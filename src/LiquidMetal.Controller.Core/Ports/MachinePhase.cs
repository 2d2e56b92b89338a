namespace LiquidMetal.Controller.Core.Ports;

/// <summary>How far the controller got with a machine's current VM.</summary>
public enum MachinePhase
{
    /// <summary>The intent is recorded (host, VM id, spec hash); the agent may or may not have the VM yet.</summary>
    Creating = 0,

    /// <summary>The agent has the VM.</summary>
    Created = 1,
}
