using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Tests.Vms;

public class MicroVmJsonTests
{
    [Fact]
    public void Deserialize_MinimalSpec_MissingCollectionsAreEmptyNotNull()
    {
        var spec = MicroVmJson.Deserialize<MicroVmSpec>("""
            { "id": "vm1", "kernel": { "image": "vmlinuz" },
              "interfaces": [ { "deviceId": "eth0", "type": "tap", "address": { "address": "10.0.0.2/24" } } ] }
            """);

        Assert.Equal(MicroVmDefaults.Namespace, spec.Namespace);
        Assert.Empty(spec.Labels);
        Assert.Empty(spec.Metadata);
        Assert.Empty(spec.AdditionalVolumes);
        Assert.Empty(spec.Kernel.Cmdline);
        Assert.Empty(spec.Interfaces[0].Address!.Nameservers);
        Assert.Equal(InterfaceType.Tap, spec.Interfaces[0].Type);
    }

    [Fact]
    public void SerializeThenDeserialize_FullVm_RoundTripsEveryField()
    {
        var vm = new MicroVm
        {
            Uid = "01JD7Q3ZK6X0V1W2Y3Z4A5B6C9",
            Version = 7,
            Spec = new MicroVmSpec
            {
                Id = "vm1",
                Namespace = "ns",
                Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["a"] = "b" },
                Kernel = new KernelSpec { Image = "vmlinuz", Cmdline = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["quiet"] = "" } },
                Interfaces = [new NetworkInterfaceSpec { DeviceId = "eth0", Type = InterfaceType.Tap }],
            },
            Status = new MicroVmStatus { State = MicroVmState.Failed, Reason = "panic", ConsoleTail = ["Kernel panic"], Attempts = 2 },
        };

        var json = MicroVmJson.Serialize(vm);
        var back = MicroVmJson.Deserialize<MicroVm>(json);

        Assert.Contains("\"state\":\"failed\"", json, StringComparison.Ordinal);
        Assert.Equal(json, MicroVmJson.Serialize(back));
        Assert.Equal(7, back.Version);
        Assert.Equal(["Kernel panic"], back.Status.ConsoleTail);
    }
}
