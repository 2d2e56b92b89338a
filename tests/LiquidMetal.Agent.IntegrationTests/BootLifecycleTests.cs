using System.Text;
using Grpc.Core;
using LiquidMetal.Agent.IntegrationTests.Harness;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Agent.IntegrationTests;

[Trait("Category", "Boot")]
public sealed class BootLifecycleTests : AgentTest
{
    [Fact]
    public async Task CreateMicroVM_DevGuest_ReadyWithHostnameAndReachableAddressThenDeletedCleanly()
    {
        var address = Network.GuestAddress(10);
        var created = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("web-1", $"{address}/24", Network.Gateway) })).Microvm;
        Assert.Equal(1, created.Version);
        Assert.Equal(MicroVMStatus.Types.MicroVMState.Pending, created.Status.State);
        var uid = created.Spec.Uid;

        var ready = await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);

        // The guest applied the hostname from meta-data and the static address from network-config.
        var console = await ReadConsoleAsync(uid);
        Assert.Contains($"lm-init: hostname host-web-1", console, StringComparison.Ordinal);
        Assert.Contains($"liquidmetal-ready instance-id={uid}", console, StringComparison.Ordinal);
        Assert.True(await Network.PingAsync(address), $"guest {address} did not answer ping from the bridge; console:\n{console}");

        var nic = Assert.Single(ready.Status.NetworkInterfaces);
        Assert.Equal("eth0", nic.Key);
        Assert.StartsWith("lm", nic.Value.HostDeviceName, StringComparison.Ordinal);
        Assert.Matches("^02:", nic.Value.MacAddress);
        Assert.Contains(nic.Value.HostDeviceName, await Network.AgentDevicesAsync());
        Assert.Equal("integration", ready.Spec.Labels["test"]);
        Assert.Equal("qemu", ready.Spec.Provider);
        Assert.NotNull(ready.Spec.CreatedAt);
        // Least privilege: the VMM runs unprivileged (lm-vmm from setup) under its seccomp sandbox.
        var status = File.ReadAllLines($"/proc/{Assert.Single(Shell.ProcessesMatching(uid))}/status");
        Assert.DoesNotContain(status, line => line.StartsWith("Uid:\t0\t", StringComparison.Ordinal));
        Assert.Contains("Seccomp:\t2", status);

        await Agent.MicroVms.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = uid });
        await Agent.MicroVms.WaitGoneAsync(uid);

        var notFound = await Assert.ThrowsAsync<RpcException>(async () => await Agent.MicroVms.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid }));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("not found", notFound.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Network.AgentDevicesAsync());
        Assert.Empty(Shell.ProcessesMatching(uid));
        Assert.False(Directory.Exists(Path.Combine(Agent.StateDirectory, "vms", uid)));
        Assert.Contains("GuestPoweredOff", Agent.Log, StringComparison.Ordinal); // ACPI power button, not a kill
    }

    [Fact]
    public async Task CreateMicroVM_MacvtapOnParentInterface_ReadyAndReachable()
    {
        var (parent, _) = await Network.AddMacvtapParentAsync();
        var address = $"10.214.{Network.Subnet}.10";
        var spec = DevVms.Spec("mv-1", $"{address}/24");
        spec.Interfaces[0].Type = NetworkInterface.Types.IfaceType.Macvtap;
        spec.Interfaces[0].Overrides = new NetworkOverrides { BridgeName = parent };

        var uid = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = spec })).Microvm.Spec.Uid;
        var ready = await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created);

        Assert.True(await Network.PingAsync(address), "the macvtap guest did not answer from the parent's wire");
        var nic = Assert.Single(ready.Status.NetworkInterfaces).Value;
        Assert.True(nic.Index > 0);

        await Agent.MicroVms.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = uid });
        await Agent.MicroVms.WaitGoneAsync(uid);
        Assert.Empty(await Network.AgentDevicesAsync());
    }

    [Fact]
    public async Task CreateMicroVM_BrokenInit_FailedWithConsoleReason()
    {
        var uid = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("broken-init", initrd: "broken-init.img") })).Microvm.Spec.Uid;

        var failed = await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Failed);
        var details = await Agent.Host.GetMicroVMDetailsAsync(new GetMicroVMDetailsRequest { Uid = uid });

        Assert.NotEqual(MicroVMStatus.Types.MicroVMState.Created, failed.Status.State);
        Assert.Contains("before it signalled readiness", details.Reason, StringComparison.Ordinal);
        Assert.Contains("Kernel panic", details.Reason, StringComparison.Ordinal);
        Assert.NotEmpty(details.ConsoleTail);
    }

    [Fact]
    public async Task CreateMicroVM_BrokenKernel_FailedWithVmmReason()
    {
        var uid = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("broken-kernel", kernel: "broken-kernel") })).Microvm.Spec.Uid;

        await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Failed);
        var details = await Agent.Host.GetMicroVMDetailsAsync(new GetMicroVMDetailsRequest { Uid = uid });

        Assert.False(string.IsNullOrEmpty(details.Reason));
        Assert.Empty(Shell.ProcessesMatching(uid));
    }

    private Task<string> ReadConsoleAsync(string uid) => Agent.ReadConsoleAsync(uid);
}
