using LiquidMetal.Agent.Linux.Networking;

namespace LiquidMetal.Agent.Linux.Tests.Networking;

public sealed class IpLinkJsonTests
{
    private const string Sample = """
        [{"ifindex":2,"ifname":"br0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"address":"3a:a5:5c:dd:0c:39","linkinfo":{"info_kind":"bridge","info_data":{"forward_delay":1500}}},
         {"ifindex":3,"ifname":"lm0123456789ab","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP"],"master":"br0","address":"3a:a5:5c:dd:0c:39","linkinfo":{"info_kind":"tun","info_data":{"type":"tap","pi":false,"vnet_hdr":true},"info_slave_kind":"bridge"}},
         {"ifindex":6,"link":"p0","ifname":"lmabcdefabcdef","flags":["BROADCAST","MULTICAST","M-DOWN"],"address":"02:00:00:00:00:01","linkinfo":{"info_kind":"macvtap","info_data":{"mode":"bridge"}}},
         {"ifindex":1,"ifname":"lo","flags":["LOOPBACK"],"address":"00:00:00:00:00:00"}]
        """;

    [Fact]
    public void Parse_IpJsonOutput_ReadsKindModeMasterAndParent()
    {
        var links = IpLinkJson.Parse(Sample);

        Assert.Equal(4, links.Count);
        Assert.True(links[0].IsBridge);
        Assert.True(links[0].IsUp);
        Assert.True(links[1].IsTap);
        Assert.Equal("br0", links[1].Master);
        Assert.True(links[2].IsMacvtap);
        Assert.Equal("p0", links[2].Link);
        Assert.Equal("bridge", links[2].Mode);
        Assert.False(links[2].IsUp);
        Assert.Null(links[3].Kind);
    }

    [Fact]
    public void Parse_Empty_ReturnsNoLinks()
    {
        Assert.Empty(IpLinkJson.Parse(string.Empty));
        Assert.Empty(IpLinkJson.Parse("[]"));
    }

    [Fact]
    public void IsManaged_PrefixedBridgeOrVeth_IsFalse()
    {
        var links = IpLinkJson.Parse(Sample);

        Assert.Equal(["lm0123456789ab", "lmabcdefabcdef"], links.Where(IpNetworkManager.IsManaged).Select(l => l.Name));
        Assert.False(IpNetworkManager.IsManaged(new IpLink(9, "lmbr0", ["UP"], null, null, null, "bridge", null)));
        Assert.False(IpNetworkManager.IsManaged(new IpLink(9, "tap0", ["UP"], null, null, null, "tun", "tap")));
    }
}
