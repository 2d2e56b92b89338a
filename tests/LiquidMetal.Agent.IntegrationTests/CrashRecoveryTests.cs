using System.Diagnostics;
using LiquidMetal.Agent.IntegrationTests.Harness;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Api.Flintlock.Types;

namespace LiquidMetal.Agent.IntegrationTests;

/// <summary>Kills the agent (SIGKILL) and VMM processes for real, and checks nothing is lost or duplicated.</summary>
[Trait("Category", "Boot")]
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private TestNetwork _network = null!;
    private AgentProcess _agent = null!;

    public async Task InitializeAsync()
    {
        _network = await TestNetwork.CreateAsync();
        _agent = await AgentProcess.StartAsync(_network);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _agent.DisposeAsync();
        }
        finally
        {
            await _network.DisposeAsync();
        }
    }

    [Fact]
    public async Task AgentKilledDuringCreate_AfterRestartVmExistsOnceAndBecomesReady()
    {
        var uid = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-1", $"{_network.GuestAddress(21)}/24") })).Microvm.Spec.Uid;

        // Kill while the VM is being built or booting: wait for its VMM to appear, then SIGKILL the agent.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Shell.ProcessesMatching(uid).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await _agent.KillAsync();
        await _agent.StartAsync();

        // A client retrying the create after the crash gets the same VM back.
        var retried = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-1", $"{_network.GuestAddress(21)}/24") })).Microvm;
        Assert.Equal(uid, retried.Spec.Uid);

        await _agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        var all = (await _agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm;
        Assert.Single(all);
        Assert.Single(Shell.ProcessesMatching(uid));
        Assert.Single(await _network.AgentDevicesAsync());
    }

    [Fact]
    public async Task AgentKilledRightAfterCreateReturned_VmIsBuiltAfterRestart()
    {
        var uid = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-0") })).Microvm.Spec.Uid;
        await _agent.KillAsync();
        await _agent.StartAsync();

        await _agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        Assert.Single((await _agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm);
        Assert.Single(Shell.ProcessesMatching(uid));
    }

    [Fact]
    public async Task AgentKilledAfterReady_VmmKeepsRunningAndIsAdopted()
    {
        var uid = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-2", $"{_network.GuestAddress(22)}/24") })).Microvm.Spec.Uid;
        await _agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        var vmmPid = Assert.Single(Shell.ProcessesMatching(uid));

        await _agent.KillAsync();
        Assert.Equal([vmmPid], Shell.ProcessesMatching(uid)); // The guest outlives the agent.
        Assert.True(await _network.PingAsync(_network.GuestAddress(22)));
        await _agent.StartAsync();

        var vm = await _agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        Assert.Equal([vmmPid], Shell.ProcessesMatching(uid));
        Assert.Single((await _agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm);
        Assert.Single(await _network.AgentDevicesAsync());
        Assert.Equal(MicroVMStatus.Types.MicroVMState.Created, vm.Status.State);
    }

    [Fact]
    public async Task VmmKilledBehindAgentsBack_NoticedAndRestarted()
    {
        var uid = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-3", $"{_network.GuestAddress(23)}/24") })).Microvm.Spec.Uid;
        var ready = await _agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        var vmmPid = Assert.Single(Shell.ProcessesMatching(uid));

        Process.GetProcessById(vmmPid).Kill();

        // The agent notices (the VM leaves CREATED with a reason), then restarts the guest.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        LiquidMetal.Api.Flintlock.Types.MicroVM current;
        do
        {
            current = (await _agent.MicroVms.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid })).Microvm;
            await Task.Delay(50);
        }
        while (current.Version == ready.Version && DateTime.UtcNow < deadline);
        Assert.True(current.Version > ready.Version, "the agent did not notice the VMM had died");

        await _agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        var newPid = Assert.Single(Shell.ProcessesMatching(uid));
        Assert.NotEqual(vmmPid, newPid);
        Assert.True(await _network.PingAsync(_network.GuestAddress(23)));
        Assert.Contains("stopped unexpectedly", _agent.Log, StringComparison.Ordinal);
    }
}
