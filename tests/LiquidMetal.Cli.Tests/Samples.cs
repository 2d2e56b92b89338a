using Google.Protobuf.WellKnownTypes;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Types;
using VmState = LiquidMetal.Api.Flintlock.Types.MicroVMStatus.Types.MicroVMState;

namespace LiquidMetal.Cli.Tests;

/// <summary>API messages as an agent would return them, at a fixed point in time.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static MicroVM Vm(string uid = "01JX0000000000000000000001", string id = "web-1", VmState state = VmState.Created, TimeSpan? age = null)
    {
        var spec = new MicroVMSpec
        {
            Uid = uid,
            Id = id,
            Namespace = "team-a",
            Vcpu = 2,
            MemoryInMb = 1024,
            Kernel = new Kernel { Image = "vmlinuz", AddNetworkConfig = true },
            Initrd = new Initrd { Image = "initrd.img" },
            RootVolume = new Volume { Id = "root", Source = new VolumeSource { ContainerSource = "rootfs.ext4" } },
            CreatedAt = Timestamp.FromDateTimeOffset(Now - (age ?? TimeSpan.FromMinutes(5))),
            Provider = "qemu",
        };
        spec.Labels.Add("app", "web");
        spec.Metadata.Add("meta-data", Convert.ToBase64String("local_hostname: web-1\n"u8.ToArray()));
        spec.Interfaces.Add(new NetworkInterface
        {
            DeviceId = "eth0",
            Type = NetworkInterface.Types.IfaceType.Tap,
            Address = new StaticAddress { Address = "10.200.0.10/24", Gateway = "10.200.0.1" },
        });
        var status = new MicroVMStatus { State = state, Retry = 0 };
        status.NetworkInterfaces.Add("eth0", new NetworkInterfaceStatus { HostDeviceName = "lmtap0", Index = 7, MacAddress = "02:00:0a:c8:00:0a" });
        return new MicroVM { Version = 3, Spec = spec, Status = status };
    }

    public static MicroVMDetails Details(string uid = "01JX0000000000000000000001", VmState state = VmState.Created, string reason = "") => new()
    {
        Uid = uid,
        Namespace = "team-a",
        Id = "web-1",
        State = state,
        Reason = reason,
        Attempts = 1,
        Provider = "qemu",
        VmmPid = 4242,
        LastTransition = Timestamp.FromDateTimeOffset(Now - TimeSpan.FromMinutes(4)),
        BootDuration = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1500)),
        Revision = 17,
    };

    public static HostInfo Host()
    {
        var host = new HostInfo
        {
            Hostname = "sled-1",
            AgentVersion = "0.1.0",
            Cpus = 16,
            MemoryMib = 65536,
            DiskTotalMib = 512000,
            DiskFreeMib = 256000,
            Acceleration = "tcg",
            Allocated = new Allocation { Vcpus = 6, MemoryMib = 6144 },
            Free = new Allocation { Vcpus = 10, MemoryMib = 59392 },
            VmCount = 3,
            DefaultProvider = "qemu",
            StartedAt = Timestamp.FromDateTimeOffset(Now - TimeSpan.FromHours(2)),
        };
        host.Providers.Add(new VmmProvider { Name = "qemu", Available = true, Version = "8.2.2", Capabilities = { "initrd", "macvtap", "pause" } });
        host.Providers.Add(new VmmProvider { Name = "firecracker", Available = false, Reason = "/dev/kvm is missing" });
        host.Images.Add(new CachedImage { Reference = "ghcr.io/org/node:1.30", Digest = "sha256:" + new string('a', 64), SizeBytes = 150L << 20, RefCount = 3 });
        host.ImageCacheBytes = 150L << 20;
        return host;
    }

    /// <summary>One pulled image with a root volume (two VMs) and a kernel file (unused) built from it.</summary>
    public static ListImagesResponse Images()
    {
        var digest = "sha256:0123456789abcdef" + new string('0', 48);
        var list = new ListImagesResponse { BlobBytes = 100L << 20, ArtifactBytes = 50L << 20 };
        list.Images.Add(new CachedImage { Reference = "ghcr.io/org/node:1.30", Digest = digest, SizeBytes = 150L << 20, RefCount = 2 });
        list.Artifacts.Add(new ImageArtifact
        {
            Kind = "volume", ManifestDigest = digest, Detail = "0", SizeBytes = 40L << 20, RefCount = 2,
            LastUsed = Timestamp.FromDateTimeOffset(Now - TimeSpan.FromMinutes(5)),
        });
        list.Artifacts.Add(new ImageArtifact
        {
            Kind = "file", ManifestDigest = digest, Detail = "boot/vmlinuz", SizeBytes = 10L << 20, RefCount = 0,
            LastUsed = Timestamp.FromDateTimeOffset(Now - TimeSpan.FromHours(3)),
        });
        return list;
    }
}
