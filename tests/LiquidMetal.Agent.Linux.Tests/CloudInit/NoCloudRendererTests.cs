using System.Text;
using LiquidMetal.Agent.Linux.CloudInit;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Vms;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Agent.Linux.Tests.CloudInit;

public sealed class NoCloudRendererTests
{
    private const string Uid = "01JD7Q3ZK6X0V1W2Y3Z4A5B6C7";

    [Fact]
    public void RenderNetworkConfig_StaticAndDhcp_MatchesGuestInitShape()
    {
        NetworkInterfaceSpec[] interfaces =
        [
            new() { DeviceId = "eth0", Type = InterfaceType.Tap, Address = new() { Address = "10.200.0.10/24", Gateway = "10.200.0.1", Nameservers = ["10.200.0.1"] } },
            new() { DeviceId = "eth1", Type = InterfaceType.Tap },
        ];
        NicAttachment[] nics =
        [
            new("eth0", NicKind.Tap, "lm1", 4, "02:ab:cd:ef:01:02"),
            new("eth1", NicKind.Tap, "lm2", 5, "02:ab:cd:ef:01:03"),
        ];

        var text = NoCloudRenderer.RenderNetworkConfig(Uid, interfaces, nics);

        Assert.Equal(
            """
            version: 2
            ethernets:
              eth0:
                match:
                  macaddress: "02:ab:cd:ef:01:02"
                set-name: eth0
                addresses:
                - 10.200.0.10/24
                routes:
                - to: 0.0.0.0/0
                  via: 10.200.0.1
                nameservers:
                  addresses:
                  - 10.200.0.1
              eth1:
                match:
                  macaddress: "02:ab:cd:ef:01:03"
                set-name: eth1
                dhcp4: true

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderNetworkConfig_AddressOnly_OmitsRoutesAndNameservers()
    {
        NetworkInterfaceSpec[] interfaces = [new() { DeviceId = "eth0", Address = new() { Address = "10.0.0.2/24" } }];

        var text = NoCloudRenderer.RenderNetworkConfig(Uid, interfaces, [new("eth0", NicKind.Macvtap, "lm1", 3, "02:00:00:00:00:01")]);

        Assert.DoesNotContain("routes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nameservers", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dhcp4", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderNetworkConfig_NoInterfaces_RendersEmptyEthernets()
    {
        Assert.Equal("version: 2\nethernets: {}\n", NoCloudRenderer.RenderNetworkConfig(Uid, [], []));
    }

    [Theory]
    [InlineData("10.0.0.300/24", null, "spec.interfaces[0].address.address")]
    [InlineData("10.0.0.3", null, "spec.interfaces[0].address.address")]
    [InlineData("10.0.0.3/33", null, "spec.interfaces[0].address.address")]
    [InlineData("10.0.0.3/24", "gateway", "spec.interfaces[0].address.gateway")]
    public void RenderNetworkConfig_MalformedAddress_ThrowsSeedExceptionNamingField(string address, string? gateway, string field)
    {
        NetworkInterfaceSpec[] interfaces = [new() { DeviceId = "eth0", Address = new() { Address = address, Gateway = gateway } }];

        var ex = Assert.Throws<SeedException>(() => NoCloudRenderer.RenderNetworkConfig(Uid, interfaces, []));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderMetaData_ClientKeys_SetsBothSpellingsAndKeepsOthers()
    {
        var text = NoCloudRenderer.RenderMetaData("instance-id: old\nlocal_hostname: node-1\nplatform: liquid_metal\nvm_host: h1\n", Uid, "vm-id");

        var map = Parse(text);
        Assert.Equal(Uid, map["instance-id"]);
        Assert.Equal(Uid, map["instance_id"]);
        Assert.Equal("node-1", map["local-hostname"]);
        Assert.Equal("node-1", map["local_hostname"]);
        Assert.Equal("liquid_metal", map["platform"]);
        Assert.Equal("h1", map["vm_host"]);
        Assert.Equal(6, map.Count);
    }

    [Fact]
    public void RenderMetaData_AnchorsTagsAndBlockScalars_RoundTrip()
    {
        const string Client = "base: &b {x: 1}\ncopy: *b\ntagged: !!str 5\nscript: |\n  line 1\n  line 2\npublic-keys:\n  - ssh-ed25519 AAAA\n";

        var text = NoCloudRenderer.RenderMetaData(Client, Uid, "vm-id");

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var map = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.Equal("1", ((YamlScalarNode)((YamlMappingNode)map["copy"])["x"]).Value);
        Assert.Equal("line 1\nline 2\n", ((YamlScalarNode)map["script"]).Value);
        Assert.Equal("5", ((YamlScalarNode)map["tagged"]).Value);
        Assert.Single(((YamlSequenceNode)map["public-keys"]).Children);
    }

    [Fact]
    public void RenderMetaData_BothHostnameSpellings_DashedWins()
    {
        var map = Parse(NoCloudRenderer.RenderMetaData("local_hostname: under\nlocal-hostname: dashed\n", Uid, "vm-id"));

        Assert.Equal("dashed", map["local-hostname"]);
        Assert.Equal("dashed", map["local_hostname"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void RenderMetaData_AbsentOrEmpty_UsesUidAndVmId(string? yaml)
    {
        var map = Parse(NoCloudRenderer.RenderMetaData(yaml, Uid, "vm-id"));

        Assert.Equal(Uid, map["instance-id"]);
        Assert.Equal("vm-id", map["local-hostname"]);
        Assert.Equal("vm-id", map["local_hostname"]);
    }

    [Fact]
    public void RenderMetaData_NumericIds_StayStrings()
    {
        var text = NoCloudRenderer.RenderMetaData(null, "123", "456");

        Assert.Contains("instance-id: \"123\"", text, StringComparison.Ordinal);
        Assert.Contains("local-hostname: \"456\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- a\n- b\n", "sequence")]
    [InlineData("just a string\n", "scalar")]
    [InlineData("a: [1\n", "not valid YAML")]
    [InlineData("a: 1\na: 2\n", "not valid YAML")]
    [InlineData("a: 1\n---\nb: 2\n", "one YAML document")]
    [InlineData("local_hostname: [x]\n", "local_hostname")]
    public void RenderMetaData_NotAMapping_ThrowsSeedExceptionNamingMetaData(string yaml, string detail)
    {
        var ex = Assert.Throws<SeedException>(() => NoCloudRenderer.RenderMetaData(yaml, Uid, "vm-id"));

        Assert.Contains("meta-data", ex.Message, StringComparison.Ordinal);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AddNetworkConfig_ReplacesClientNetworkConfig()
    {
        var vm = Vm(addNetworkConfig: true, ("network-config", "version: 1\n"));

        var files = NoCloudRenderer.Render(vm, [new("eth0", NicKind.Tap, "lm1", 2, "02:00:00:00:00:01")]);

        Assert.StartsWith("version: 2\n", Text(files, "network-config"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoAddNetworkConfig_PassesClientFilesThroughAndIgnoresOtherKeys()
    {
        var vm = Vm(addNetworkConfig: false, ("network-config", "version: 1\n"), ("vendor-data", "v"), ("user-data", "u\r\n"), ("extra", "x"));

        var files = NoCloudRenderer.Render(vm, []);

        Assert.Equal(["meta-data", "user-data", "vendor-data", "network-config"], files.Select(f => f.Name));
        Assert.Equal("version: 1\n", Text(files, "network-config"));
        Assert.Equal("u\r\n", Text(files, "user-data"));
        Assert.Equal("v", Text(files, "vendor-data"));
    }

    [Fact]
    public void Render_NoClientFiles_WritesMetaDataAndEmptyUserData()
    {
        var files = NoCloudRenderer.Render(Vm(addNetworkConfig: false), []);

        Assert.Equal(["meta-data", "user-data"], files.Select(f => f.Name));
        Assert.Equal(0, files[1].Content.Length);
    }

    [Fact]
    public void Render_InvalidBase64_ThrowsSeedExceptionNamingKey()
    {
        var vm = Vm(addNetworkConfig: false) with { };
        vm = vm with { Spec = vm.Spec with { Metadata = new Dictionary<string, string> { ["user-data"] = "not base64!" } } };

        var ex = Assert.Throws<SeedException>(() => NoCloudRenderer.Render(vm, []));

        Assert.Contains("user-data", ex.Message, StringComparison.Ordinal);
    }

    internal static MicroVm Vm(bool addNetworkConfig, params (string Key, string Text)[] metadata) => new()
    {
        Uid = Uid,
        Spec = new MicroVmSpec
        {
            Id = "vm-1",
            Kernel = new KernelSpec { Image = "kernels/vmlinux", AddNetworkConfig = addNetworkConfig },
            Interfaces = [new() { DeviceId = "eth0", Type = InterfaceType.Tap, Address = new() { Address = "10.0.0.2/24", Gateway = "10.0.0.1" } }],
            Metadata = metadata.ToDictionary(m => m.Key, m => Convert.ToBase64String(Encoding.UTF8.GetBytes(m.Text))),
        },
    };

    private static string Text(IReadOnlyList<NoCloudFile> files, string name) =>
        Encoding.UTF8.GetString(files.Single(f => f.Name == name).Content.Span);

    private static Dictionary<string, string> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ((YamlMappingNode)stream.Documents[0].RootNode).Children
            .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => kv.Value is YamlScalarNode s ? s.Value! : kv.Value.ToString());
    }
}
