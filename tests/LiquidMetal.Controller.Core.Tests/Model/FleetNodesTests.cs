using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Tests.Model;

public class FleetNodesTests
{
    [Fact]
    public void Expand_ClusterWithPools_ControlPlaneFirstThenPoolsInOrder()
    {
        var template = new MachineTemplate { Name = "small", Machine = TestFleets.Machine(1, 128) };
        var cluster = TestFleets.Cluster("cluster-a", 3, null,
            TestFleets.Pool("vm", 2) with { Machine = null, MachineTemplateRef = "small" },
            new WorkerPool { Name = "metal", Replicas = 1, Metal = new MetalPool { HostSelector = new Dictionary<string, string>() } });
        var fleet = new Fleet { Clusters = [cluster], Templates = [template] };

        var nodes = FleetNodes.Expand(fleet);

        Assert.Equal(["cluster-a-cp-0", "cluster-a-cp-1", "cluster-a-cp-2", "cluster-a-vm-0", "cluster-a-vm-1", "cluster-a-metal-0"], nodes.Select(n => n.Name));
        Assert.Equal(128, nodes[3].Machine!.MemoryMiB);
        Assert.Null(nodes[5].Machine);
        Assert.Equal("metal", nodes[5].Pool);
        Assert.All(nodes.Take(3), n => Assert.Equal(NodeRole.ControlPlane, n.Role));
    }
}
