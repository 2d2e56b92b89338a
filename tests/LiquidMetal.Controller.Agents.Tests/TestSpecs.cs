using System.Text;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Agents.Tests;

/// <summary>VM specs using every field the mapper carries.</summary>
internal static class TestSpecs
{
    public static MicroVmSpec Full(string id, string @namespace = "ctl") => new()
    {
        Id = id,
        Namespace = @namespace,
        Labels = Sorted(("cluster", "a"), ("role", "control-plane")),
        Vcpu = 1,
        MemoryMiB = 256,
        Kernel = new KernelSpec { Image = "vmlinuz", Cmdline = Sorted(("console", "ttyS0"), ("quiet", "")), AddNetworkConfig = true },
        Initrd = new InitrdSpec { Image = "initrd.img" },
        RootVolume = new VolumeSpec { Id = "root", ContainerSource = "rootfs.ext4", SizeMiB = 512 },
        AdditionalVolumes = [new VolumeSpec { Id = "data", IsReadOnly = true, ContainerSource = "rootfs.ext4", MountPoint = "/data" }],
        Interfaces =
        [
            new NetworkInterfaceSpec
            {
                DeviceId = "eth0",
                Type = InterfaceType.Tap,
                GuestMac = "02:00:00:00:00:01",
                Address = new StaticAddressSpec { Address = "10.213.9.10/24", Gateway = "10.213.9.1", Nameservers = ["10.213.9.1"] },
                BridgeName = "lmbr0",
            },
        ],
        Metadata = Sorted(("meta-data", Base64("local_hostname: " + id + "\n")), ("user-data", Base64("#cloud-config\n"))),
    };

    public static MicroVmSpec Small(string id, string @namespace = "ctl") => new()
    {
        Id = id,
        Namespace = @namespace,
        Vcpu = 1,
        MemoryMiB = 128,
        Kernel = new KernelSpec { Image = "vmlinuz" },
        Initrd = new InitrdSpec { Image = "initrd.img" },
    };

    private static SortedDictionary<string, string> Sorted(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
