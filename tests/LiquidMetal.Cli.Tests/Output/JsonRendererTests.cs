using Google.Protobuf;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Cli.Output;
using VmState = LiquidMetal.Api.Flintlock.Types.MicroVMStatus.Types.MicroVMState;

namespace LiquidMetal.Cli.Tests.Output;

public class JsonRendererTests
{
    [Fact]
    public void Render_Vm_UsesProtoJsonFieldNames()
    {
        var json = JsonRenderer.Render(Samples.Vm());

        Assert.Contains("\"memoryInMb\": 1024", json, StringComparison.Ordinal);
        Assert.Contains("\"rootVolume\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"addNetworkConfig\": true", json, StringComparison.Ordinal);
        Assert.DoesNotContain("memory_in_mb", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PendingVm_ShowsTheDefaultState()
    {
        var json = JsonRenderer.Render(Samples.Vm(state: VmState.Pending));

        Assert.Contains("\"state\": \"PENDING\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Vm_RoundTripsThroughJsonParser()
    {
        var vm = Samples.Vm();

        Assert.Equal(vm, JsonParser.Default.Parse<MicroVM>(JsonRenderer.Render(vm)));
    }

    [Fact]
    public void Render_HostInfo_RoundTripsAndWrites64BitIntegersAsStrings()
    {
        var host = Samples.Host();

        var json = JsonRenderer.Render(host);

        Assert.Contains("\"memoryMib\": \"65536\"", json, StringComparison.Ordinal);
        Assert.Equal(host, JsonParser.Default.Parse<HostInfo>(json));
    }
}
