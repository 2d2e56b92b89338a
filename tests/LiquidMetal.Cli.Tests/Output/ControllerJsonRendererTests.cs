using Google.Protobuf;
using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Cli.Files;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Tests.Output;

/// <summary>-o json and -o yaml of the controller commands print the API's messages themselves.</summary>
public class ControllerJsonRendererTests
{
    [Fact]
    public void Render_Clusters_WritesGenerationAsStringAndZeroCounts()
    {
        var json = JsonRenderer.Render(ControllerSamples.Clusters());

        Assert.Contains("\"generation\": \"2\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kubernetesVersion\": \"v1.30.14\"", json, StringComparison.Ordinal);
        Assert.Contains("\"machinesReady\": 0", json, StringComparison.Ordinal);
        Assert.Contains("\"lastTransitionTime\": \"2025-06-01T11:57:00.0000000+00:00\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EveryControllerAnswer_RoundTripsThroughJsonAndYaml()
    {
        RoundTrip(ControllerSamples.Hosts());
        RoundTrip(ControllerSamples.Clusters());
        RoundTrip(ControllerSamples.Machines());
        RoundTrip(ControllerSamples.Described());
        RoundTrip(ControllerSamples.Plan());
        RoundTrip(new ApplyProgress { Generation = 3, Machines = 7, MachinesReady = 5, Events = { ControllerSamples.Described().Events } });
        RoundTrip(new DeleteClusterProgress { Generation = 4, VmsDeleting = 2, UnreachableHosts = { "sled-2" } });
    }

    private static void RoundTrip<T>(T message) where T : IMessage<T>, new()
    {
        Assert.Equal(message, JsonParser.Default.Parse<T>(JsonRenderer.Render(message)));
        Assert.Equal(message, ProtoDocumentReader.Read<T>(YamlRenderer.Render(message), "out.yaml", FileFormat.Yaml, "out").Message);
    }

    [Fact]
    public void Render_Plan_NamesRejectionsPerHost()
    {
        var json = JsonRenderer.Render(ControllerSamples.Plan());

        Assert.Contains("\"rejections\": [\n        \"sled-1: needs 200000 MiB, 90000 MiB free\",", json, StringComparison.Ordinal);
    }
}
