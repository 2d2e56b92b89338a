using LiquidMetal.Api.Agent.V1;
using ListMicroVMsResponse = LiquidMetal.Api.Flintlock.Services.V1Alpha1.ListMicroVMsResponse;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Cli.Files;
using LiquidMetal.Cli.Output;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Cli.Tests.Output;

public class YamlRendererTests
{
    [Fact]
    public void Render_Vm_RoundTripsThroughTheYamlReader()
    {
        var vm = Samples.Vm();

        var yaml = YamlRenderer.Render(vm);

        Assert.Equal(vm, ProtoDocumentReader.Read<MicroVM>(yaml, "out.yaml", FileFormat.Yaml, "microvm").Message);
    }

    [Fact]
    public void Render_List_RoundTripsThroughTheYamlReader()
    {
        var list = new ListMicroVMsResponse { Microvm = { Samples.Vm(), Samples.Vm(uid: "01JX0000000000000000000002", id: "web-2") } };

        var yaml = YamlRenderer.Render(list);

        Assert.Equal(list, ProtoDocumentReader.Read<ListMicroVMsResponse>(yaml, "out.yaml", FileFormat.Yaml, "list").Message);
    }

    [Fact]
    public void Render_HostInfo_RoundTripsThroughTheYamlReader()
    {
        var host = Samples.Host();

        Assert.Equal(host, ProtoDocumentReader.Read<HostInfo>(YamlRenderer.Render(host), "out.yaml", FileFormat.Yaml, "host").Message);
    }

    [Fact]
    public void Render_Vm_IsBlockYamlWithProtoJsonNames()
    {
        var yaml = YamlRenderer.Render(Samples.Vm());

        Assert.Contains("\n  memoryInMb: 1024\n", yaml, StringComparison.Ordinal);
        Assert.Contains("\n  state: CREATED\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("{", yaml.Replace("{}", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StringsThatLookLikeOtherTypes_StayStrings()
    {
        var vm = Samples.Vm();
        vm.Spec.Labels.Add("flag", "true");
        vm.Spec.Labels.Add("count", "8192");
        vm.Spec.Labels.Add("empty", "");
        vm.Spec.Labels.Add("nothing", "null");

        var root = (YamlMappingNode)Load(YamlRenderer.Render(vm));
        var labels = (YamlMappingNode)((YamlMappingNode)root["spec"])["labels"];

        foreach (var key in new[] { "flag", "count", "empty", "nothing" })
        {
            var value = (YamlScalarNode)labels[key];
            Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, value.Style);
        }
    }

    [Theory]
    [InlineData("8192", true)]
    [InlineData("-1", true)]
    [InlineData("1.5", true)]
    [InlineData("True", true)]
    [InlineData("no", true)]
    [InlineData("~", true)]
    [InlineData("", true)]
    [InlineData(" padded", true)]
    [InlineData("10.200.0.10/24", true)]
    [InlineData("vmlinuz", false)]
    [InlineData("demo-vm", false)]
    [InlineData("CREATED", false)]
    public void NeedsQuotes_PlainScalarThatReadsAsSomethingElse_IsQuoted(string value, bool quoted)
    {
        Assert.Equal(quoted, YamlRenderer.NeedsQuotes(value));
    }

    private static YamlNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }
}
