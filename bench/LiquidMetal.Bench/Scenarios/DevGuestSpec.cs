using System.Text;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Api.Flintlock.Types;

namespace LiquidMetal.Bench.Scenarios;

/// <summary>Specs like the development guest's (1 vCPU, 256 MiB, vmlinuz + initrd.img, rootfs.ext4, cloud-init metadata), no network.</summary>
public static class DevGuestSpec
{
    public const int Vcpu = 1;
    public const int MemoryMiB = 256;
    public const string Kernel = "vmlinuz";
    public const string Initrd = "initrd.img";
    public const string RootVolume = "rootfs.ext4";

    public static MicroVMSpec Create(string @namespace, string id)
    {
        var spec = new MicroVMSpec
        {
            Id = id,
            Namespace = @namespace,
            Vcpu = Vcpu,
            MemoryInMb = MemoryMiB,
            Kernel = new Kernel { Image = Kernel },
            Initrd = new Initrd { Image = Initrd },
            RootVolume = new Volume { Id = "root", Source = new VolumeSource { ContainerSource = RootVolume } },
        };
        spec.Labels["bench"] = "liquidmetal";
        spec.Metadata["meta-data"] = Base64($"instance_id: ignored\nlocal_hostname: host-{id}\nplatform: liquid_metal\n");
        spec.Metadata["user-data"] = Base64("#cloud-config\n");
        return spec;
    }

    public static CreateMicroVMRequest Request(string @namespace, string id) => new() { Microvm = Create(@namespace, id) };

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
