using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using static LiquidMetal.Controller.Core.Tests.TestFleets;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

public class NodeVmCacheTests
{
    [Fact]
    public void Get_SameNodeAgain_ReturnsTheVmBuiltFirst()
    {
        var fleet = Fleet([Kvm("a")], Cluster("alpha", 1));
        var cache = new NodeVmCache();

        var first = cache.Get(FleetNodes.Expand(fleet).Single());
        var again = cache.Get(FleetNodes.Expand(fleet).Single());

        Assert.Same(first, again);
        Assert.Equal(NodeVms.Build(FleetNodes.Expand(fleet).Single()).VmId, first.VmId);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Get_SameNameWithAnotherMachine_BuildsTheNewSpec()
    {
        var cache = new NodeVmCache();
        var before = cache.Get(FleetNodes.Expand(Fleet([Kvm("a")], Cluster("alpha", 1, Machine(1, 256)))).Single());

        var node = FleetNodes.Expand(Fleet([Kvm("a")], Cluster("alpha", 1, Machine(1, 512)))).Single();
        var after = cache.Get(node);

        Assert.NotEqual(before.VmId, after.VmId);
        Assert.Equal(NodeVms.Build(node).VmId, after.VmId);
        Assert.Equal(512, after.Machine.Spec.MemoryMiB);
        Assert.Same(after, cache.Get(node));
    }
}
