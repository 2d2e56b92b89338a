using LiquidMetal.Agent.Linux.Networking;
using LiquidMetal.Agent.Linux.Tests.TestSupport;
using LiquidMetal.Core.Networking;
using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.Tests.Networking;

/// <summary>Against the real kernel, inside a network namespace each test makes and removes.</summary>
public sealed class IpNetworkManagerTests : IDisposable
{
    private readonly TestNamespace _ns = new();
    private readonly IpNetworkManager _manager;

    public IpNetworkManagerTests()
    {
        _manager = Manager(_ns.Name);
    }

    public void Dispose() => _ns.Dispose();

    [Fact]
    public async Task EnsureInterfaceAsync_TapMissing_CreatesTapUpOnBridge()
    {
        var request = TapRequest("eth0");

        var nic = await _manager.EnsureInterfaceAsync(request, CancellationToken.None);

        var link = _ns.Link(request.HostDeviceName)!.Value;
        Assert.Equal(TestNamespace.Bridge, link.GetProperty("master").GetString());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("tap", link.GetProperty("linkinfo").GetProperty("info_data").GetProperty("type").GetString());
        Assert.Equal(new NicAttachment("eth0", NicKind.Tap, request.HostDeviceName, link.GetProperty("ifindex").GetInt32(), request.GuestMac), nic);
    }

    [Fact]
    public async Task EnsureInterfaceAsync_TapAlreadyAttached_IsNoOp()
    {
        var request = TapRequest("eth0");
        var first = await _manager.EnsureInterfaceAsync(request, CancellationToken.None);

        var second = await _manager.EnsureInterfaceAsync(request, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(TestNamespace.Bridge, _ns.Link(request.HostDeviceName)!.Value.GetProperty("master").GetString());
    }

    [Fact]
    public async Task EnsureInterfaceAsync_TapOnOtherBridgeAndDown_MovesItAndSetsItUp()
    {
        var request = TapRequest("eth0");
        _ns.Ip("link", "add", "br1", "type", "bridge");
        _ns.Ip("tuntap", "add", "dev", request.HostDeviceName, "mode", "tap");
        _ns.Ip("link", "set", "dev", request.HostDeviceName, "master", "br1");
        var index = _ns.Link(request.HostDeviceName)!.Value.GetProperty("ifindex").GetInt32();

        var nic = await _manager.EnsureInterfaceAsync(request, CancellationToken.None);

        var link = _ns.Link(request.HostDeviceName)!.Value;
        Assert.Equal(TestNamespace.Bridge, link.GetProperty("master").GetString());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(index, nic.HostIndex);
    }

    [Fact]
    public async Task EnsureInterfaceAsync_NameTakenByOtherKind_ReplacesItWithTap()
    {
        var request = TapRequest("eth0");
        _ns.Ip("link", "add", request.HostDeviceName, "type", "bridge");

        await _manager.EnsureInterfaceAsync(request, CancellationToken.None);

        Assert.Equal("tun", _ns.Link(request.HostDeviceName)!.Value.GetProperty("linkinfo").GetProperty("info_kind").GetString());
    }

    [Fact]
    public async Task EnsureInterfaceAsync_EmptyParent_UsesDefaultBridge()
    {
        _ns.Ip("link", "add", "lmbr9", "type", "bridge");
        var manager = Manager(_ns.Name, defaultBridge: "lmbr9");
        var request = TapRequest("eth0") with { Parent = string.Empty };

        await manager.EnsureInterfaceAsync(request, CancellationToken.None);

        Assert.Equal("lmbr9", _ns.Link(request.HostDeviceName)!.Value.GetProperty("master").GetString());
    }

    [Fact]
    public async Task EnsureInterfaceAsync_BridgeMissing_ThrowsPreconditionNamingBridgeAndFix()
    {
        var request = TapRequest("eth0") with { Parent = "nobridge0" };

        var ex = await Assert.ThrowsAsync<NetworkException>(() => _manager.EnsureInterfaceAsync(request, CancellationToken.None));

        Assert.True(ex.IsPrecondition);
        Assert.Contains("Bridge 'nobridge0'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"ip -n {_ns.Name} link add nobridge0 type bridge", ex.Message, StringComparison.Ordinal);
        Assert.Null(_ns.Link(request.HostDeviceName));
    }

    [Fact]
    public async Task EnsureInterfaceAsync_ParentIsNotABridge_ThrowsPrecondition()
    {
        _ns.Ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        var request = TapRequest("eth0") with { Parent = "v0" };

        var ex = await Assert.ThrowsAsync<NetworkException>(() => _manager.EnsureInterfaceAsync(request, CancellationToken.None));

        Assert.True(ex.IsPrecondition);
        Assert.Contains("not a bridge", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("x;rm -rf /")]
    [InlineData("waytoolonginterfacename")]
    [InlineData("..")]
    [InlineData("")]
    public async Task EnsureInterfaceAsync_InvalidHostDeviceName_ThrowsPrecondition(string name)
    {
        var request = TapRequest("eth0") with { HostDeviceName = name };

        var ex = await Assert.ThrowsAsync<NetworkException>(() => _manager.EnsureInterfaceAsync(request, CancellationToken.None));

        Assert.True(ex.IsPrecondition);
    }

    [Fact]
    public async Task EnsureInterfaceAsync_MulticastGuestMac_ThrowsPrecondition()
    {
        var request = TapRequest("eth0") with { GuestMac = "01:00:5e:00:00:01" };

        var ex = await Assert.ThrowsAsync<NetworkException>(() => _manager.EnsureInterfaceAsync(request, CancellationToken.None));

        Assert.True(ex.IsPrecondition);
    }

    [Fact]
    public async Task EnsureInterfaceAsync_NamespaceMissing_ThrowsPreconditionNamingIt()
    {
        var manager = Manager("lmtest-missing-namespace");

        var ex = await Assert.ThrowsAsync<NetworkException>(() => manager.EnsureInterfaceAsync(TapRequest("eth0"), CancellationToken.None));

        Assert.True(ex.IsPrecondition);
        Assert.Contains("lmtest-missing-namespace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveInterfaceAsync_Existing_DeletesIt()
    {
        var request = TapRequest("eth0");
        await _manager.EnsureInterfaceAsync(request, CancellationToken.None);

        await _manager.RemoveInterfaceAsync(request.HostDeviceName, CancellationToken.None);

        Assert.Null(_ns.Link(request.HostDeviceName));
    }

    [Fact]
    public async Task RemoveInterfaceAsync_Missing_IsNoOp()
    {
        await _manager.RemoveInterfaceAsync("lm000000000000", CancellationToken.None);

        Assert.Null(_ns.Link("lm000000000000"));
    }

    [Fact]
    public async Task ListManagedInterfacesAsync_MixedDevices_ListsOnlyPrefixedTapsAndMacvtaps()
    {
        var first = TapRequest("eth0");
        var second = TapRequest("eth1");
        await _manager.EnsureInterfaceAsync(first, CancellationToken.None);
        await _manager.EnsureInterfaceAsync(second, CancellationToken.None);
        _ns.Ip("link", "add", "lmbr1", "type", "bridge");
        _ns.Ip("link", "add", "lmveth0", "type", "veth", "peer", "name", "lmveth1");
        _ns.Ip("tuntap", "add", "dev", "other0", "mode", "tap");

        var managed = await _manager.ListManagedInterfacesAsync(CancellationToken.None);

        Assert.Equal(new[] { first.HostDeviceName, second.HostDeviceName }.Order(StringComparer.Ordinal), managed);
    }

    [Fact]
    public async Task EnsureInterfaceAsync_Macvtap_CreatesDeviceWithGuestMacAndDeviceNode()
    {
        var parent = MakeParent();
        var request = MacvtapRequest("eth0", parent);

        NicAttachment nic;
        try
        {
            nic = await _manager.EnsureInterfaceAsync(request, CancellationToken.None);
        }
        catch (NetworkException ex) when (ex.IsPrecondition)
        {
            // This kernel cannot make a macvtap: the error must say so (checked, then nothing more to test here).
            Assert.Contains("Macvtap is not possible", ex.Message, StringComparison.Ordinal);
            return;
        }

        var link = _ns.Link(request.HostDeviceName)!.Value;
        Assert.Equal("macvtap", link.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal(parent, link.GetProperty("link").GetString());
        Assert.Equal(request.GuestMac, link.GetProperty("address").GetString());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(link.GetProperty("ifindex").GetInt32(), nic.HostIndex);
        Assert.Equal(SysfsDeviceNumber(request.HostDeviceName, nic.HostIndex), NodeDeviceNumber($"/dev/tap{nic.HostIndex}"));

        await _manager.RemoveInterfaceAsync(request.HostDeviceName, CancellationToken.None);

        Assert.Null(_ns.Link(request.HostDeviceName));
        Assert.False(File.Exists($"/dev/tap{nic.HostIndex}"));
    }

    [Fact]
    public async Task EnsureInterfaceAsync_MacvtapNodeMissing_MakesNodeWithMknod()
    {
        var parent = MakeParent();
        var request = MacvtapRequest("eth0", parent);
        NicAttachment nic;
        try
        {
            nic = await _manager.EnsureInterfaceAsync(request, CancellationToken.None);
        }
        catch (NetworkException ex) when (ex.IsPrecondition)
        {
            Assert.Contains("Macvtap is not possible", ex.Message, StringComparison.Ordinal);
            return;
        }

        var node = $"/dev/tap{nic.HostIndex}";
        File.Delete(node);

        var again = await _manager.EnsureInterfaceAsync(request, CancellationToken.None);

        Assert.Equal(nic, again);
        Assert.Equal(SysfsDeviceNumber(request.HostDeviceName, nic.HostIndex), NodeDeviceNumber(node));

        await _manager.RemoveInterfaceAsync(request.HostDeviceName, CancellationToken.None);
        Assert.False(File.Exists(node));
    }

    [Fact]
    public async Task EnsureInterfaceAsync_MacvtapOnOtherParent_RecreatesItOnRequestedParent()
    {
        var parent = MakeParent();
        _ns.Ip("link", "add", "q0", "type", "veth", "peer", "name", "q0peer");
        var request = MacvtapRequest("eth0", parent);
        try
        {
            await _manager.EnsureInterfaceAsync(request, CancellationToken.None);
        }
        catch (NetworkException ex) when (ex.IsPrecondition)
        {
            Assert.Contains("Macvtap is not possible", ex.Message, StringComparison.Ordinal);
            return;
        }

        var nic = await _manager.EnsureInterfaceAsync(request with { Parent = "q0" }, CancellationToken.None);

        var link = _ns.Link(request.HostDeviceName)!.Value;
        Assert.Equal("q0", link.GetProperty("link").GetString());
        Assert.Equal(link.GetProperty("ifindex").GetInt32(), nic.HostIndex);
        Assert.Equal(SysfsDeviceNumber(request.HostDeviceName, nic.HostIndex), NodeDeviceNumber($"/dev/tap{nic.HostIndex}"));
        await _manager.RemoveInterfaceAsync(request.HostDeviceName, CancellationToken.None);
    }

    [Fact]
    public async Task EnsureInterfaceAsync_MacvtapParentMissing_ThrowsPrecondition()
    {
        var request = MacvtapRequest("eth0", "noparent0");

        var ex = await Assert.ThrowsAsync<NetworkException>(() => _manager.EnsureInterfaceAsync(request, CancellationToken.None));

        Assert.True(ex.IsPrecondition);
        Assert.Contains("'noparent0'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureInterfaceAsync_MacvtapWithoutParentOrDefault_ThrowsPrecondition()
    {
        var request = MacvtapRequest("eth0", string.Empty);

        var ex = await Assert.ThrowsAsync<NetworkException>(() => _manager.EnsureInterfaceAsync(request, CancellationToken.None));

        Assert.True(ex.IsPrecondition);
        Assert.Contains("no default macvtap parent", ex.Message, StringComparison.Ordinal);
    }

    private static IpNetworkManager Manager(string ns, string defaultBridge = TestNamespace.Bridge) =>
        new(Options.Create(new NetworkOptions { Namespace = ns, DefaultBridge = defaultBridge }), NullLogger<IpNetworkManager>.Instance);

    private static NicRequest TapRequest(string deviceId)
    {
        var uid = Guid.NewGuid().ToString("N");
        return new NicRequest(deviceId, NicKind.Tap, InterfaceNames.HostDevice(uid, deviceId), TestNamespace.Bridge, InterfaceNames.GuestMac(uid, deviceId));
    }

    private static NicRequest MacvtapRequest(string deviceId, string parent) =>
        TapRequest(deviceId) with { Kind = NicKind.Macvtap, Parent = parent };

    /// <summary>A parent for macvtaps: a dummy device, or one end of a veth pair where dummy is not built into the kernel.</summary>
    private string MakeParent()
    {
        if (Shell.Run("ip", "-n", _ns.Name, "link", "add", "p0", "type", "dummy").Succeeded)
        {
            _ns.Ip("link", "set", "p0", "up");
            return "p0";
        }

        _ns.Ip("link", "add", "p0", "type", "veth", "peer", "name", "p0peer");
        _ns.Ip("link", "set", "p0", "up");
        return "p0";
    }

    private string SysfsDeviceNumber(string name, int index) =>
        Shell.RunChecked("ip", "netns", "exec", _ns.Name, "cat", $"/sys/class/net/{name}/macvtap/tap{index}/dev").Trim();

    private static string NodeDeviceNumber(string path)
    {
        var parts = Shell.RunChecked("stat", "-c", "%F:%t:%T", path).Trim().Split(':');
        Assert.Equal("character special file", parts[0]);
        return $"{Convert.ToInt32(parts[1], 16)}:{Convert.ToInt32(parts[2], 16)}";
    }
}
