using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Agents.Tests;

/// <summary>
/// A real agent process with reconciliation off: the API works over its store and no VM ever boots, so the
/// VM network namespace it is given is never touched (it need not exist). TLS and token are on, as by default.
/// </summary>
public sealed class IdleAgent : IAsyncLifetime
{
    private AgentLauncher Launcher { get; set; } = null!;

    public string Address => Launcher.Address;
    public string CaFile => Launcher.CaFile;
    public string Token => Launcher.Token;
    public string Log => Launcher.Log;

    public HostAgentEndpoint Endpoint => new(Address, CaFile, Token);

    public async Task InitializeAsync()
    {
        Launcher = new AgentLauncher("lm-ctl-unused", "lmbr0", RepoPaths.GuestDirectory, RepoPaths.Agent, "--reconcile", "false");
        await Launcher.StartAsync();
    }

    public async Task DisposeAsync() => await Launcher.DisposeAsync();
}
