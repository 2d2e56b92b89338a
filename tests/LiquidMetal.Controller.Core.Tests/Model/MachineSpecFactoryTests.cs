using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Tests.Model;

public class MachineSpecFactoryTests
{
    private static readonly MachineSpec FullMachine = TestFleets.Machine(2, 512) with
    {
        Kernel = new MachineKernel { Image = "kernels/vmlinuz", Filename = "boot/vmlinuz", Cmdline = new Dictionary<string, string> { ["console"] = "ttyS0" } },
        Initrd = new MachineImage { Image = "initrd.img" },
        RootVolume = new MachineVolume { Image = "rootfs.ext4", SizeMiB = 1024 },
        AdditionalVolumes = [new MachineVolume { Id = "data", Image = "data.ext4", MountPoint = "/data", ReadOnly = true }],
        Interfaces = [new MachineInterface { DeviceId = "eth0", Type = InterfaceType.Tap, Bridge = "br0" }],
        Labels = new Dictionary<string, string> { ["tier"] = "edge" },
    };

    private static DesiredNode Node(MachineSpec machine, NodeRole role = NodeRole.Worker, string? pool = "vm") => new()
    {
        Cluster = "cluster-a",
        Name = role == NodeRole.ControlPlane ? "cluster-a-cp-0" : "cluster-a-vm-2",
        Role = role,
        Pool = role == NodeRole.ControlPlane ? null : pool,
        Machine = machine,
    };

    [Fact]
    public void Build_WorkerNode_NamespaceIsClusterAndIdIsNodeName()
    {
        var spec = MachineSpecFactory.Build(Node(FullMachine)).Spec;

        Assert.Equal("cluster-a", spec.Namespace);
        Assert.Equal("cluster-a-vm-2", spec.Id);
        Assert.Equal(2, spec.Vcpu);
        Assert.Equal(512, spec.MemoryMiB);
        Assert.Equal("boot/vmlinuz", spec.Kernel.Filename);
        Assert.Equal("ttyS0", spec.Kernel.Cmdline["console"]);
        Assert.Equal("initrd.img", spec.Initrd!.Image);
        Assert.Equal(new VolumeSpec { Id = "root", ContainerSource = "rootfs.ext4", SizeMiB = 1024 }, spec.RootVolume);
        Assert.Equal(new VolumeSpec { Id = "data", ContainerSource = "data.ext4", MountPoint = "/data", IsReadOnly = true }, Assert.Single(spec.AdditionalVolumes));
        Assert.Equal(new NetworkInterfaceSpec { DeviceId = "eth0", Type = InterfaceType.Tap, BridgeName = "br0" }, Assert.Single(spec.Interfaces));
    }

    [Fact]
    public void Build_WorkerNode_LabelsNameClusterRolePoolAndHash()
    {
        var machine = MachineSpecFactory.Build(Node(FullMachine));

        Assert.Equal("edge", machine.Spec.Labels["tier"]);
        Assert.Equal("cluster-a", machine.Spec.Labels[FleetApi.ClusterLabel]);
        Assert.Equal("worker", machine.Spec.Labels[FleetApi.RoleLabel]);
        Assert.Equal("vm", machine.Spec.Labels[FleetApi.PoolLabel]);
        Assert.Equal(machine.SpecHash, machine.Spec.Labels[FleetApi.SpecHashLabel]);
        Assert.Matches("^[0-9a-f]{32}$", machine.SpecHash);
    }

    [Fact]
    public void Build_AnyNode_PassesTheAgentsValidation()
    {
        var validator = new MicroVmSpecValidator(new ValidationLimits(), _ => null);

        Assert.Empty(validator.Validate(MachineSpecFactory.Build(Node(FullMachine)).Spec));
        Assert.Empty(validator.Validate(MachineSpecFactory.Build(Node(TestFleets.Machine(), NodeRole.ControlPlane)).Spec));
    }

    [Fact]
    public void Build_SameMachineTwice_SameHash()
    {
        var copy = FullMachine with { Labels = new Dictionary<string, string> { ["tier"] = "edge" } };

        Assert.Equal(MachineSpecFactory.Build(Node(FullMachine)).SpecHash, MachineSpecFactory.Build(Node(copy)).SpecHash);
        Assert.Equal(MachineSpecFactory.Build(Node(FullMachine)).SpecHash, MachineSpecFactory.Hash(MachineSpecFactory.Build(Node(FullMachine)).Spec));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("kernel")]
    [InlineData("cmdline")]
    [InlineData("root")]
    public void Build_ChangedTemplate_DifferentHash(string change)
    {
        var changed = change switch
        {
            "memory" => FullMachine with { MemoryMiB = 1024 },
            "kernel" => FullMachine with { Kernel = FullMachine.Kernel with { Image = "kernels/vmlinuz-6.1" } },
            "cmdline" => FullMachine with { Kernel = FullMachine.Kernel with { Cmdline = new Dictionary<string, string> { ["console"] = "hvc0" } } },
            _ => FullMachine with { RootVolume = FullMachine.RootVolume with { SizeMiB = 2048 } },
        };

        Assert.NotEqual(MachineSpecFactory.Build(Node(FullMachine)).SpecHash, MachineSpecFactory.Build(Node(changed)).SpecHash);
    }

    [Fact]
    public void Build_MetalNode_Throws() =>
        Assert.Throws<ArgumentException>(() => MachineSpecFactory.Build(Node(FullMachine) with { Machine = null, Metal = new MetalPool { HostSelector = new Dictionary<string, string>() } }));
}
