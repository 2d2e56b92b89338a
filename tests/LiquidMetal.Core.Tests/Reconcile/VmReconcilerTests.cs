using LiquidMetal.Core.Networking;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Tests.Reconcile;

public class VmReconcilerTests
{
    [Fact]
    public async Task Reconcile_GuestSignalsReady_CreatedWithStatus()
    {
        using var h = new ReconcilerHarness();
        var vm = await h.CreateAsync();

        await h.SettleAsync(vm.Uid);

        var stored = h.Vm(vm.Uid);
        Assert.Equal(MicroVmState.Created, stored.Status.State);
        Assert.Null(stored.Status.Reason);
        Assert.NotNull(stored.Status.BootDuration);
        Assert.Equal("fake", stored.Status.Provider);
        var launch = Assert.Single(h.Driver.Launches);
        Assert.Equal(["root", "seed"], launch.Disks.Select(d => d.Id));
        Assert.Contains("root=/dev/vda", launch.KernelArgs);
        Assert.Contains("ds=nocloud;s=http://169.254.169.254/", launch.KernelArgs);
        var nic = Assert.Single(stored.Status.NetworkInterfaces);
        Assert.Equal(InterfaceNames.HostDevice(vm.Uid, "eth0"), nic.Value.HostDeviceName);
        Assert.Equal(InterfaceNames.GuestMac(vm.Uid, "eth0"), nic.Value.MacAddress);
        Assert.True(stored.Version > 1);
    }

    [Fact]
    public async Task Reconcile_GuestNeverSignals_FailedWithConsoleTailAfterTimeout()
    {
        using var h = new ReconcilerHarness { GuestBoots = false };
        var vm = await h.CreateAsync();

        await h.Reconciler.ReconcileAsync(vm.Uid, CancellationToken.None);
        Assert.Equal(MicroVmState.Pending, h.Vm(vm.Uid).Status.State);

        h.Time.Advance(TimeSpan.FromSeconds(31));
        await h.Reconciler.ReconcileAsync(vm.Uid, CancellationToken.None);

        var failed = h.Vm(vm.Uid);
        Assert.Equal(MicroVmState.Failed, failed.Status.State);
        Assert.Contains("did not signal readiness within 30s", failed.Status.Reason, StringComparison.Ordinal);
        Assert.Contains(failed.Status.ConsoleTail, l => l.Contains("Kernel panic", StringComparison.Ordinal));
        Assert.Equal(1, failed.Status.Attempts);
        Assert.Empty(h.Driver.Running);
    }

    [Fact]
    public async Task Reconcile_GuestKeepsFailing_GivesUpAfterMaxAttempts()
    {
        using var h = new ReconcilerHarness { GuestBoots = false };
        var vm = await h.CreateAsync();

        // The VMM exits (kernel panic) right after each start.
        h.Driver.OnStart = launch => { File.WriteAllText(launch.ConsoleLogPath, "Kernel panic - not syncing\n"); h.Driver.Kill(launch.StateDirectory); };
        await h.SettleAsync(vm.Uid);

        var failed = h.Vm(vm.Uid);
        Assert.Equal(MicroVmState.Failed, failed.Status.State);
        Assert.Equal(3, failed.Status.Attempts);
        Assert.Null(failed.Status.NextAttemptAt);
        Assert.Contains("gave up after 3 attempts", failed.Status.Reason, StringComparison.Ordinal);
        Assert.Contains("stopped before it signalled readiness (Kernel panic - not syncing)", failed.Status.Reason, StringComparison.Ordinal);
        Assert.Equal(3, h.Driver.Launches.Count);
    }

    [Fact]
    public async Task Reconcile_VmmRefusesToStart_FailedWithVmmOutput()
    {
        using var h = new ReconcilerHarness();
        h.Driver.StartFailure = new VmmStartException("qemu could not start the VM: linux kernel too old to load a ram disk", ["qemu: linux kernel too old"]);
        var vm = await h.CreateAsync();

        await h.Reconciler.ReconcileAsync(vm.Uid, CancellationToken.None);

        var failed = h.Vm(vm.Uid);
        Assert.Equal(MicroVmState.Failed, failed.Status.State);
        Assert.Contains("kernel too old", failed.Status.Reason, StringComparison.Ordinal);
        Assert.Equal(["qemu: linux kernel too old"], failed.Status.ConsoleTail);
    }

    [Fact]
    public async Task Reconcile_ImageMissing_FailedNamingTheImage()
    {
        using var h = new ReconcilerHarness();
        h.Images.Missing.Add("vmlinuz");
        var vm = await h.CreateAsync();

        await h.Reconciler.ReconcileAsync(vm.Uid, CancellationToken.None);

        Assert.Equal(MicroVmState.Failed, h.Vm(vm.Uid).Status.State);
        Assert.Contains("image vmlinuz not found", h.Vm(vm.Uid).Status.Reason, StringComparison.Ordinal);
        Assert.Empty(h.Driver.Launches);
    }

    [Fact]
    public async Task Reconcile_ImageTransientlyUnreachable_StaysPendingAndRetriesWithBackoff()
    {
        using var h = new ReconcilerHarness();
        h.Images.Unreachable.Add("vmlinuz");
        var vm = await h.CreateAsync();

        var result = await h.Reconciler.ReconcileAsync(vm.Uid, CancellationToken.None);

        var pending = h.Vm(vm.Uid);
        Assert.Equal(MicroVmState.Pending, pending.Status.State);
        Assert.Contains("registry for vmlinuz answered 503", pending.Status.Reason, StringComparison.Ordinal);
        Assert.Contains("retrying in", pending.Status.Reason, StringComparison.Ordinal);
        Assert.NotNull(pending.Status.NextAttemptAt);
        Assert.True(result.RequeueAfter > TimeSpan.Zero);
        Assert.Empty(h.Driver.Launches);
    }

    [Fact]
    public async Task Reconcile_TransientNetworkError_StaysPendingAndRetriesWithBackoff()
    {
        using var h = new ReconcilerHarness();
        h.Network.Failure = new IOException("RTNETLINK answers: Device or resource busy");
        var vm = await h.CreateAsync();

        var result = await h.Reconciler.ReconcileAsync(vm.Uid, CancellationToken.None);

        var pending = h.Vm(vm.Uid);
        Assert.Equal(MicroVmState.Pending, pending.Status.State);
        Assert.Contains("Device or resource busy", pending.Status.Reason, StringComparison.Ordinal);
        Assert.NotNull(result.RequeueAfter);
        Assert.InRange(result.RequeueAfter!.Value.TotalSeconds, 0.5, 1.0);

        h.Network.Failure = null;
        h.Time.Advance(result.RequeueAfter.Value);
        await h.SettleAsync(vm.Uid);
        Assert.Equal(MicroVmState.Created, h.Vm(vm.Uid).Status.State);
        Assert.Equal(0, h.Vm(vm.Uid).Status.Attempts);
    }

    [Fact]
    public async Task Reconcile_GuestDiesAfterReady_NoticedAndRestarted()
    {
        using var h = new ReconcilerHarness();
        var vm = await h.CreateAsync();
        await h.SettleAsync(vm.Uid);
        var firstPid = h.Vm(vm.Uid).Status.VmmPid;

        h.Driver.Kill(h.Layout.Directory(vm.Uid));
        await h.Reconciler.ReconcileAsync(vm.Uid, CancellationToken.None);
        var down = h.Vm(vm.Uid);
        Assert.Equal(MicroVmState.Pending, down.Status.State);
        Assert.Contains("stopped unexpectedly", down.Status.Reason, StringComparison.Ordinal);

        await h.SettleAsync(vm.Uid);
        var back = h.Vm(vm.Uid);
        Assert.Equal(MicroVmState.Created, back.Status.State);
        Assert.NotEqual(firstPid, back.Status.VmmPid);
        Assert.Equal(2, h.Driver.Launches.Count);
    }

    [Fact]
    public async Task Reconcile_AgentRestartsAtEveryStep_NothingDuplicated()
    {
        using var h = new ReconcilerHarness();
        var vm = await h.CreateAsync();

        // One pass, then a "restarted" reconciler over the same world, repeatedly.
        for (var i = 0; i < 10; i++)
        {
            h.NewReconciler();
            var result = await h.Reconciler.ReconcileAsync(vm.Uid, CancellationToken.None);
            if (result.RequeueAfter is { } delay)
            {
                h.Time.Advance(delay);
            }
        }

        Assert.Equal(MicroVmState.Created, h.Vm(vm.Uid).Status.State);
        Assert.Single(h.Driver.Launches);
        Assert.Single(h.Driver.Running);
        Assert.Equal(1, h.Network.Creations);
        Assert.Single(h.Disks.Created);
    }

    [Fact]
    public async Task Reconcile_VmmRunningButStatusNeverSaved_AdoptsInsteadOfStartingAgain()
    {
        using var h = new ReconcilerHarness();
        var vm = await h.CreateAsync();
        // The agent started the VMM and was killed before it saved the pid.
        Directory.CreateDirectory(h.Layout.Directory(vm.Uid));
        File.WriteAllText(h.Layout.ConsoleLog(vm.Uid), "liquidmetal-ready\n");
        h.Driver.Adopt(new VmmProcess(4242, h.Layout.Directory(vm.Uid), h.Time.GetUtcNow()));

        await h.SettleAsync(vm.Uid);

        var stored = h.Vm(vm.Uid);
        Assert.Equal(MicroVmState.Created, stored.Status.State);
        Assert.Equal(4242, stored.Status.VmmPid);
        Assert.Empty(h.Driver.Launches);
    }

    [Fact]
    public async Task Reconcile_Delete_StopsRemovesDevicesFilesAndRecord()
    {
        using var h = new ReconcilerHarness();
        var vm = await h.CreateAsync();
        await h.SettleAsync(vm.Uid);
        Assert.NotEmpty(h.Network.Devices);

        var deleting = await h.Service.DeleteAsync(vm.Uid, CancellationToken.None);
        Assert.Equal(MicroVmState.Deleting, deleting.Status.State);
        await h.SettleAsync(vm.Uid);

        Assert.Null(h.Store.Get(vm.Uid));
        Assert.Empty(h.Driver.Running);
        Assert.Empty(h.Network.Devices);
        Assert.False(Directory.Exists(h.Layout.Directory(vm.Uid)));
        Assert.Equal([vm.Uid], h.Images.Released);
    }

    [Fact]
    public async Task Reconcile_DeleteDuringBoot_ConflictThenCleanDelete()
    {
        using var h = new ReconcilerHarness { GuestBoots = false };
        var vm = await h.CreateAsync();
        await h.Reconciler.ReconcileAsync(vm.Uid, CancellationToken.None);

        await h.Service.DeleteAsync(vm.Uid, CancellationToken.None);
        await h.SettleAsync(vm.Uid);

        Assert.Null(h.Store.Get(vm.Uid));
        Assert.Empty(h.Driver.Running);
    }
}
