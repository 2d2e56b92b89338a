using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

internal static class FleetAssert
{
    /// <summary>Every declared microVM node has exactly one live VM with its current spec, and nothing else lives.</summary>
    public static void EveryNodeExactlyOnce(FakeFleetWorld world)
    {
        var live = world.LiveVms();
        var expected = FleetNodes.Expand(world.Fleet).Where(n => n.Machine is not null).Select(NodeVms.Build).ToList();
        foreach (var vm in expected)
        {
            var mine = live.Where(l => l.Cluster == vm.Node.Cluster && l.Node == vm.Node.Name).ToList();
            Assert.True(mine.Count == 1, $"{vm.Node.Name}: {mine.Count} live VMs ({string.Join(", ", mine)})");
            Assert.Equal(vm.VmId, mine[0].VmId);
            Assert.Equal(vm.SpecHash, mine[0].Hash);
            var record = world.Records[(vm.Node.Cluster, vm.Node.Name)];
            Assert.Equal(mine[0].Host, record.Host);
        }

        Assert.Equal(expected.Count, live.Count);
    }

    /// <summary>Control-plane nodes of each cluster on distinct hosts.</summary>
    public static void ControlPlanesOnDistinctHosts(FakeFleetWorld world)
    {
        foreach (var group in world.LiveVms().Where(v => v.Node.Contains("-cp-", StringComparison.Ordinal)).GroupBy(v => v.Cluster))
        {
            Assert.Equal(group.Count(), group.Select(v => v.Host).Distinct().Count());
        }
    }
}
