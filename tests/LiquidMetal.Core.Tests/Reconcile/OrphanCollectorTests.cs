using LiquidMetal.Core.Networking;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Reconcile;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Core.Tests.Reconcile;

public class OrphanCollectorTests
{
    [Fact]
    public async Task Collect_RemovesOnlyWhatNoStoredVmOwns()
    {
        using var h = new ReconcilerHarness();
        var vm = await h.CreateAsync();
        await h.SettleAsync(vm.Uid);

        var orphanDir = h.Layout.Directory("01ORPHAN0000000000000000000");
        Directory.CreateDirectory(orphanDir);
        h.Driver.Adopt(new VmmProcess(999, orphanDir, null));
        h.Network.AddStray(InterfaceNames.HostDevice("01ORPHAN0000000000000000000", "eth0"));

        await new OrphanCollector(h.Store, h.Providers, h.Network, h.Layout, NullLogger<OrphanCollector>.Instance).CollectAsync(CancellationToken.None);

        Assert.Single(h.Driver.Running);
        Assert.Equal(h.Layout.Directory(vm.Uid), h.Driver.Running.Single().StateDirectory);
        Assert.False(Directory.Exists(orphanDir));
        Assert.True(Directory.Exists(h.Layout.Directory(vm.Uid)));
        Assert.Equal([InterfaceNames.HostDevice(vm.Uid, "eth0")], h.Network.Devices);
    }
}
