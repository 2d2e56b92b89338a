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

    [Fact]
    public void NodesOf_SameFleetAndCluster_ReturnsWhatWasBuiltFirst()
    {
        var fleet = Fleet([Kvm("a")], Cluster("alpha", 3, null, Pool("vm", 2)));
        var cache = new NodeVmCache();

        var (nodes, vms) = cache.NodesOf(fleet, fleet.Clusters[0]);
        var again = cache.NodesOf(fleet, fleet.Clusters[0]);

        Assert.Same(nodes, again.Nodes);
        Assert.Same(vms, again.Vms);
        Assert.Equal(FleetNodes.Expand(fleet, fleet.Clusters[0]), nodes);
        Assert.Equal(nodes.Select(n => NodeVms.Build(n).VmId), vms.Select(v => v.VmId));
        Assert.All(vms, v => Assert.Same(v, cache.Get(v.Node)));
    }

    [Fact]
    public void NodesOf_AnotherFleetWithTheSameCluster_ExpandsAgain()
    {
        var cluster = Cluster("alpha", 1, Machine(1, 256));
        var small = Fleet([Kvm("a")], cluster);
        var cache = new NodeVmCache();
        var first = cache.NodesOf(small, small.Clusters[0]);

        var other = small with { Hosts = [Kvm("a"), Kvm("b")] };
        var second = cache.NodesOf(other, other.Clusters[0]);

        Assert.NotSame(first.Nodes, second.Nodes);
        Assert.Equal(first.Nodes, second.Nodes);
    }
}
