namespace LiquidMetal.Core.Vms;

/// <summary>Where a VM's files live under the agent's state root. Every path is derived, never stored.</summary>
public sealed class VmLayout(string stateRoot)
{
    public string StateRoot { get; } = stateRoot;
    public string VmsRoot => Path.Combine(StateRoot, "vms");

    public string Directory(string uid) => Path.Combine(VmsRoot, uid);
    public string ConsoleLog(string uid) => Path.Combine(Directory(uid), "console.log");
    public string Seed(string uid) => Path.Combine(Directory(uid), "seed.iso");
    public string Disk(string uid, string volumeId) => Path.Combine(Directory(uid), $"volume-{volumeId}.qcow2");
}
