using LiquidMetal.Api.Mapping;
using Google.Protobuf.WellKnownTypes;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;
using AgentWire = LiquidMetal.Api.Agent.V1;
using Wire = LiquidMetal.Api.Flintlock.Types;

namespace LiquidMetal.Controller.Agents.Tests;

/// <summary>The mapping alone, for what an idle agent never sends (statuses of booted or failed VMs).</summary>
public sealed class WireMapperTests
{
    [Fact]
    public void ToWireThenFromWire_FullSpec_Unchanged()
    {
        var spec = TestSpecs.Full("vm") with { Provider = "qemu", AllowGuestAgent = true };
        var wire = new Wire.MicroVM { Version = 3, Spec = MicroVmWire.ToWire(spec), Status = new Wire.MicroVMStatus() };

        var back = MicroVmWire.ToMicroVm(wire);

        Assert.Equal(MicroVmJson.Serialize(MicroVmJson.Canonical(spec)), MicroVmJson.Serialize(MicroVmJson.Canonical(back.Spec)));
        Assert.Equal(3, back.Version);
    }

    [Fact]
    public void ToWire_AbsentOptionalFields_NotSetOnTheWire()
    {
        var wire = MicroVmWire.ToWire(TestSpecs.Small("vm"));

        Assert.False(wire.HasProvider);
        Assert.False(wire.HasUid);
        Assert.False(wire.Kernel.HasFilename);
        Assert.Null(wire.RootVolume);
        Assert.Null(wire.CreatedAt);
    }

    [Fact]
    public void FromWire_FailedEventWithDetails_StatusCarriesReasonConsoleAndMounts()
    {
        var spec = MicroVmWire.ToWire(TestSpecs.Small("vm"));
        spec.Uid = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
        spec.Provider = "qemu";
        spec.CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var status = new Wire.MicroVMStatus
        {
            State = Wire.MicroVMStatus.Types.MicroVMState.Failed,
            Retry = 2,
            KernelMount = new Wire.Mount { Type = Wire.Mount.Types.MountType.Hostpath, Source = "/images/vmlinuz" },
        };
        status.NetworkInterfaces["eth0"] = new Wire.NetworkInterfaceStatus { HostDeviceName = "lmt0abc", Index = 7, MacAddress = "02:00:00:00:00:01" };
        var details = new AgentWire.MicroVMDetails
        {
            Uid = spec.Uid,
            State = Wire.MicroVMStatus.Types.MicroVMState.Failed,
            Reason = "the guest kernel panicked: VFS: Unable to mount root fs",
            Attempts = 2,
            Provider = "qemu",
            VmmPid = 0,
            BootDuration = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
            Revision = 41,
        };
        details.ConsoleTail.Add("Kernel panic - not syncing");
        var e = new AgentWire.MicroVMEvent { Type = AgentWire.MicroVMEvent.Types.EventType.Modified, Revision = 41, Microvm = new Wire.MicroVM { Version = 4, Spec = spec, Status = status }, Details = details };

        var mapped = AgentWireMapper.FromWire(e);

        Assert.Equal((MicroVmWatchEventKind.Modified, 41L), (mapped.Kind, mapped.Revision));
        var vm = Assert.IsType<MicroVm>(mapped.Vm);
        Assert.Equal(("01ARZ3NDEKTSV4RRFFQ69G5FAV", MicroVmState.Failed, 2), (vm.Uid, vm.Status.State, vm.Status.Attempts));
        Assert.Equal(details.Reason, vm.Status.Reason);
        Assert.Equal(["Kernel panic - not syncing"], vm.Status.ConsoleTail);
        Assert.Null(vm.Status.VmmPid);
        Assert.Equal(TimeSpan.FromSeconds(2), vm.Status.BootDuration);
        Assert.Equal(new MountStatus(MountType.HostPath, "/images/vmlinuz"), vm.Status.KernelMount);
        Assert.Equal(new InterfaceStatus("lmt0abc", 7, "02:00:00:00:00:01"), vm.Status.NetworkInterfaces["eth0"]);
        Assert.Equal("qemu", vm.Status.Provider);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), vm.CreatedAt);
    }

    [Fact]
    public void FromWire_Bookmark_NoVm()
    {
        var mapped = AgentWireMapper.FromWire(new AgentWire.MicroVMEvent { Type = AgentWire.MicroVMEvent.Types.EventType.Bookmark, Revision = 9 });

        Assert.Equal(new MicroVmWatchEvent(MicroVmWatchEventKind.Bookmark, 9, null), mapped);
    }
}
