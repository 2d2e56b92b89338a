using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;
using static LiquidMetal.Controller.Core.Tests.TestFleets;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

public class NodeVmsTests
{
    [Fact]
    public void Build_SameNodeTwice_SameIdAndSpec()
    {
        var node = FleetNodes.Expand(Fleet([Kvm("a")], Cluster("alpha", 1))).Single();

        var first = NodeVms.Build(node);
        var second = NodeVms.Build(node);

        Assert.Equal(first.VmId, second.VmId);
        Assert.StartsWith("alpha-cp-0-", first.VmId, StringComparison.Ordinal);
        Assert.Equal(first.VmId, first.Machine.Spec.Id);
        Assert.Equal("alpha-cp-0", first.Machine.Spec.Labels[NodeVms.NodeLabel]);
        Assert.Equal(first.SpecHash, first.Machine.Spec.Labels[FleetApi.SpecHashLabel]);
    }

    [Fact]
    public void Build_ChangedMachine_NewId()
    {
        var before = NodeVms.Build(FleetNodes.Expand(Fleet([Kvm("a")], Cluster("alpha", 1, Machine(1, 256)))).Single());
        var after = NodeVms.Build(FleetNodes.Expand(Fleet([Kvm("a")], Cluster("alpha", 1, Machine(1, 512)))).Single());

        Assert.NotEqual(before.VmId, after.VmId);
        Assert.NotEqual(before.SpecHash, after.SpecHash);
    }

    [Fact]
    public void VmId_LongestNodeName_StaysAValidIdAndDistinct()
    {
        var a = new string('a', 59) + "-0-1";
        var b = new string('a', 59) + "-0-2";

        var idA = NodeVms.VmId(a, "hash");
        var idB = NodeVms.VmId(b, "hash");

        Assert.Equal(63, idA.Length);
        Assert.Null(Syntax.Name(idA));
        Assert.NotEqual(idA, idB);
    }

    [Fact]
    public void WithBootstrap_MetadataAdded_IdLabelsAndSpecHashUnchanged()
    {
        var vm = NodeVms.Build(FleetNodes.Expand(Fleet([Kvm("a")], Cluster("alpha", 1))).Single());
        var bootstrap = new LiquidMetal.Controller.Core.Bootstrap.NodeBootstrap("#cloud-config\n", "local-hostname: alpha-cp-0\n", "#cloud-config\n");

        var spec = NodeVms.WithBootstrap(vm, bootstrap);

        Assert.Equal(["meta-data", "user-data", "vendor-data"], spec.Metadata.Keys);
        Assert.Equal(vm.VmId, spec.Id);
        Assert.Equal(vm.Machine.Spec.Labels, spec.Labels);
        Assert.Equal(vm.SpecHash, spec.Labels[FleetApi.SpecHashLabel]);
        Assert.Equal(MachineSpecFactory.Hash(vm.Machine.Spec), MachineSpecFactory.Hash(spec));
        Assert.Empty(vm.Machine.Spec.Metadata);
    }

    [Fact]
    public void Hash_OtherMetadata_SameHash()
    {
        var vm = NodeVms.Build(FleetNodes.Expand(Fleet([Kvm("a")], Cluster("alpha", 1))).Single());
        var one = vm.Machine.Spec with { Metadata = new Dictionary<string, string> { ["user-data"] = "YQ==" } };
        var other = vm.Machine.Spec with { Metadata = new Dictionary<string, string> { ["user-data"] = "Yg==" } };

        Assert.Equal(MachineSpecFactory.Hash(one), MachineSpecFactory.Hash(other));
        Assert.NotEqual(MachineSpecFactory.Hash(one), MachineSpecFactory.Hash(one with { MemoryMiB = one.MemoryMiB * 2 }));
    }
}
