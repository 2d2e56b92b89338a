using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Agents.Tests;

/// <summary>An agent that goes away under an open watch, with its own agent process (it is killed).</summary>
public sealed class AgentRestartTests : IAsyncLifetime
{
    private AgentLauncher Launcher { get; } = new("lm-ctl-unused", "lmbr0", RepoPaths.GuestDirectory, RepoPaths.Agent, "--reconcile", "false");

    public Task InitializeAsync() => Launcher.StartAsync();

    public async Task DisposeAsync() => await Launcher.DisposeAsync();

    [Fact]
    public async Task WatchMicroVmsAsync_AgentKilledThenBack_TransientThenResumesFromLastRevision()
    {
        using var client = new GrpcHostAgentClientFactory().Create(new HostAgentEndpoint(Launcher.Address, Launcher.CaFile, Launcher.Token));
        await client.CreateMicroVmAsync(TestSpecs.Small("before"), CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watch = client.WatchMicroVmsAsync(0, cts.Token).GetAsyncEnumerator(cts.Token);
        long bookmark;
        try
        {
            Assert.True(await watch.MoveNextAsync());
            Assert.True(await watch.MoveNextAsync());
            Assert.Equal(MicroVmWatchEventKind.Bookmark, watch.Current.Kind);
            bookmark = watch.Current.Revision;

            await Launcher.KillAsync();
            var error = await Assert.ThrowsAsync<HostAgentException>(async () => await watch.MoveNextAsync());

            Assert.True(error.IsTransient, error.ToString());
        }
        finally
        {
            await watch.DisposeAsync();
        }

        await Launcher.StartAsync();
        var after = await client.CreateMicroVmAsync(TestSpecs.Small("after"), CancellationToken.None);
        await using var resumed = client.WatchMicroVmsAsync(bookmark, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await resumed.MoveNextAsync());
        Assert.Equal((MicroVmWatchEventKind.Added, after.Uid), (resumed.Current.Kind, resumed.Current.Vm?.Uid));
    }
}
