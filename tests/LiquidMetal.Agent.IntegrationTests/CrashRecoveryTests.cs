using System.Diagnostics;
using LiquidMetal.Agent.IntegrationTests.Harness;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Agent.IntegrationTests;

/// <summary>Kills the agent (SIGKILL) and VMM processes for real, and checks nothing is lost or duplicated.</summary>
[Trait("Category", "Boot")]
public sealed class CrashRecoveryTests : AgentTest
{
    [Fact]
    public async Task AgentKilledDuringCreate_AfterRestartVmExistsOnceAndBecomesReady()
    {
        var uid = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-1", $"{Network.GuestAddress(21)}/24") })).Microvm.Spec.Uid;

        // Kill while the VM is being built or booting: wait for its VMM to appear, then SIGKILL the agent.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Shell.ProcessesMatching(uid).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Agent.KillAsync();
        await Agent.StartAsync();

        // A client retrying the create after the crash gets the same VM back.
        var retried = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-1", $"{Network.GuestAddress(21)}/24") })).Microvm;
        Assert.Equal(uid, retried.Spec.Uid);

        await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        var all = (await Agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm;
        Assert.Single(all);
        Assert.Single(Shell.ProcessesMatching(uid));
        Assert.Single(await Network.AgentDevicesAsync());
    }

    [Fact]
    public async Task AgentKilledRightAfterCreateReturned_VmIsBuiltAfterRestart()
    {
        var uid = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-0") })).Microvm.Spec.Uid;
        await Agent.KillAsync();
        await Agent.StartAsync();

        await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        Assert.Single((await Agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm);
        Assert.Single(Shell.ProcessesMatching(uid));
    }

    [Fact]
    public async Task AgentKilledAfterReady_VmmKeepsRunningAndIsAdopted()
    {
        var uid = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-2", $"{Network.GuestAddress(22)}/24") })).Microvm.Spec.Uid;
        await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        var vmmPid = Assert.Single(Shell.ProcessesMatching(uid));

        await Agent.KillAsync();
        Assert.Equal([vmmPid], Shell.ProcessesMatching(uid)); // The guest outlives the agent.
        Assert.True(await Network.PingAsync(Network.GuestAddress(22)));
        await Agent.StartAsync();

        var vm = await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        Assert.Equal([vmmPid], Shell.ProcessesMatching(uid));
        Assert.Single((await Agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm);
        Assert.Single(await Network.AgentDevicesAsync());
        Assert.Equal(MicroVMStatus.Types.MicroVMState.Created, vm.Status.State);
    }

    [Fact]
    public async Task VmmKilledBehindAgentsBack_NoticedAndRestarted()
    {
        var uid = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("crash-3", $"{Network.GuestAddress(23)}/24") })).Microvm.Spec.Uid;
        var ready = await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        var vmmPid = Assert.Single(Shell.ProcessesMatching(uid));

        Process.GetProcessById(vmmPid).Kill();

        // The agent notices (the VM leaves CREATED with a reason), then restarts the guest.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        LiquidMetal.Api.Flintlock.Types.MicroVM current;
        do
        {
            current = (await Agent.MicroVms.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid })).Microvm;
            await Task.Delay(50);
        }
        while (current.Version == ready.Version && DateTime.UtcNow < deadline);
        Assert.True(current.Version > ready.Version, "the agent did not notice the VMM had died");

        await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);
        var newPid = Assert.Single(Shell.ProcessesMatching(uid));
        Assert.NotEqual(vmmPid, newPid);
        Assert.True(await Network.PingAsync(Network.GuestAddress(23)));
        Assert.Contains("stopped unexpectedly", Agent.Log, StringComparison.Ordinal);
    }
}
