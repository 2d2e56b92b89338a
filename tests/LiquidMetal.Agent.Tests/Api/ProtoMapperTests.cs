using LiquidMetal.Agent.Api;
using LiquidMetal.Core.Vms;
using Wire = LiquidMetal.Api.Flintlock.Types;

namespace LiquidMetal.Agent.Tests.Api;

public class ProtoMapperTests
{
    private static Wire.MicroVMSpec FullSpec()
    {
        var spec = new Wire.MicroVMSpec
        {
            Id = "vm", Namespace = "ns", Vcpu = 3, MemoryInMb = 768,
            Kernel = new Wire.Kernel { Image = "k", Filename = "boot/vmlinux", AddNetworkConfig = true },
            Initrd = new Wire.Initrd { Image = "i", Filename = "initrd" },
            RootVolume = new Wire.Volume { Id = "root", IsReadOnly = true, Source = new Wire.VolumeSource { ContainerSource = "root.ext4" }, SizeInMb = 100 },
            Provider = "qemu",
            AllowGuestAgent = true,
        };
        spec.Labels["a"] = "b";
        spec.Kernel.Cmdline["quiet"] = "";
        spec.Metadata["user-data"] = "I2Nsb3VkLWNvbmZpZw==";
        spec.AdditionalVolumes.Add(new Wire.Volume { Id = "data", MountPoint = "/data", PartitionId = "p1", Source = new Wire.VolumeSource { ContainerSource = "data.ext4" } });
        var nic = new Wire.NetworkInterface { DeviceId = "eth0", Type = Wire.NetworkInterface.Types.IfaceType.Tap, GuestMac = "02:00:00:00:00:01", Overrides = new Wire.NetworkOverrides { BridgeName = "br1" } };
        nic.Address = new Wire.StaticAddress { Address = "10.0.0.2/24", Gateway = "10.0.0.1" };
        nic.Address.Nameservers.Add("10.0.0.53");
        spec.Interfaces.Add(nic);
        spec.Interfaces.Add(new Wire.NetworkInterface { DeviceId = "eth1" });
        return spec;
    }

    [Fact]
    public void ToSpecThenToProto_EveryFieldSurvives()
    {
        var wire = FullSpec();
        var vm = new MicroVm { Uid = "01HZX", Spec = ProtoMapper.ToSpec(wire), Status = new MicroVmStatus { Provider = "qemu" } };

        var back = ProtoMapper.ToProto(vm).Spec;

        Assert.Equal("01HZX", back.Uid);
        back.ClearUid();
        back.CreatedAt = null;
        back.UpdatedAt = null;
        Assert.Equal(wire, back);
    }

    [Fact]
    public void ToSpec_OmittedInterfaceType_IsMacvtapAsInFlintlock()
    {
        var spec = ProtoMapper.ToSpec(FullSpec());
        Assert.Equal(InterfaceType.Macvtap, spec.Interfaces[1].Type);
        Assert.Null(spec.Interfaces[1].GuestMac);
    }

    [Fact]
    public void ToProto_StatusMapsStateMountsInterfacesAndRetry()
    {
        var vm = new MicroVm
        {
            Uid = "u",
            Spec = ProtoMapper.ToSpec(FullSpec()),
            Status = new MicroVmStatus
            {
                State = MicroVmState.Failed,
                Attempts = 2,
                KernelMount = new MountStatus(MountType.HostPath, "file:///images/k"),
                Volumes = new Dictionary<string, MountStatus> { ["root"] = new(MountType.HostPath, "file:///images/root.ext4") },
                NetworkInterfaces = new Dictionary<string, InterfaceStatus> { ["eth0"] = new("lmabc", 7, "02:00:00:00:00:01") },
            },
        };

        var status = ProtoMapper.ToProto(vm).Status;

        Assert.Equal(Wire.MicroVMStatus.Types.MicroVMState.Failed, status.State);
        Assert.Equal(2, status.Retry);
        Assert.Equal(Wire.Mount.Types.MountType.Hostpath, status.KernelMount.Type);
        Assert.Equal("file:///images/root.ext4", status.Volumes["root"].Mount.Source);
        Assert.Equal(7, status.NetworkInterfaces["eth0"].Index);
    }

    [Fact]
    public void ToSpec_NoKernel_LeftForValidationToReport()
    {
        var spec = ProtoMapper.ToSpec(new Wire.MicroVMSpec { Id = "x" });
        Assert.Null(spec.Kernel);
    }
}
