using LiquidMetal.Core.Validation;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Tests.Validation;

public class MicroVmSpecValidatorTests
{
    private static readonly MicroVmSpecValidator Validator = new(new ValidationLimits(), reference => reference.StartsWith("bad:", StringComparison.Ordinal) ? "unsupported reference" : null);

    internal static MicroVmSpec ValidSpec() => MicroVmDefaults.Apply(new MicroVmSpec
    {
        Id = "vm-1",
        Kernel = new KernelSpec { Image = "vmlinuz", Cmdline = new Dictionary<string, string> { ["quiet"] = "", ["ds"] = "nocloud;s=http://169.254.169.254/" } },
        Initrd = new InitrdSpec { Image = "initrd.img" },
        RootVolume = new VolumeSpec { Id = "root", ContainerSource = "rootfs.ext4" },
        Interfaces = [new NetworkInterfaceSpec { DeviceId = "eth0", Type = InterfaceType.Tap, Address = new StaticAddressSpec { Address = "10.0.0.5/24", Gateway = "10.0.0.1", Nameservers = ["10.0.0.1"] } }],
        Metadata = new Dictionary<string, string> { ["meta-data"] = Convert.ToBase64String("local_hostname: a\n"u8.ToArray()) },
    });

    [Fact]
    public void Validate_ValidSpec_NoErrors() => Assert.Empty(Validator.Validate(ValidSpec()));

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneWithItsField()
    {
        var spec = ValidSpec() with
        {
            Id = "bad id",
            Namespace = "../etc",
            Vcpu = -1,
            MemoryMiB = 1,
            Kernel = new KernelSpec { Image = "", Cmdline = new Dictionary<string, string> { ["init"] = "/bin/sh rd.break", ["bad key"] = "x" } },
            Interfaces =
            [
                new NetworkInterfaceSpec { DeviceId = "eth0", GuestMac = "01:00:00:00:00:01", Address = new StaticAddressSpec { Address = "10.0.0.5", Gateway = "x" } },
                new NetworkInterfaceSpec { DeviceId = "eth0", BridgeName = "br0; rm -rf /" },
            ],
            Metadata = new Dictionary<string, string> { ["user-data"] = "not base64!" },
        };

        var fields = Validator.Validate(spec).Select(e => e.Field).ToList();

        Assert.Contains("microvm.id", fields);
        Assert.Contains("microvm.namespace", fields);
        Assert.Contains("microvm.vcpu", fields);
        Assert.Contains("microvm.memory_in_mb", fields);
        Assert.Contains("microvm.kernel.image", fields);
        Assert.Contains("microvm.kernel.cmdline[\"init\"]", fields);
        Assert.Contains("microvm.kernel.cmdline[\"bad key\"]", fields);
        Assert.Contains("microvm.interfaces[0].guest_mac", fields);
        Assert.Contains("microvm.interfaces[0].address.address", fields);
        Assert.Contains("microvm.interfaces[1].device_id", fields);
        Assert.Contains("microvm.interfaces[1].overrides.bridge_name", fields);
        Assert.Contains("microvm.metadata[\"user-data\"]", fields);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("x\"y")]
    [InlineData("x'y")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("back\\slash")]
    public void Validate_KernelArgValueThatCouldInject_Rejected(string value)
    {
        var spec = ValidSpec() with { Kernel = new KernelSpec { Image = "k", Cmdline = new Dictionary<string, string> { ["x"] = value } } };
        Assert.Contains(Validator.Validate(spec), e => e.Field == "microvm.kernel.cmdline[\"x\"]");
    }

    [Fact]
    public void Validate_CmdlineTooLong_Rejected()
    {
        var args = Enumerable.Range(0, 40).ToDictionary(i => $"k{i}", _ => new string('v', 60));
        var spec = ValidSpec() with { Kernel = new KernelSpec { Image = "k", Cmdline = args } };
        Assert.Contains(Validator.Validate(spec), e => e.Field == "microvm.kernel.cmdline");
    }

    [Fact]
    public void Validate_GatewayOutsideSubnet_Rejected()
    {
        var spec = ValidSpec() with { Interfaces = [new NetworkInterfaceSpec { DeviceId = "eth0", Address = new StaticAddressSpec { Address = "10.0.0.5/24", Gateway = "10.0.1.1" } }] };
        var error = Assert.Single(Validator.Validate(spec));
        Assert.Equal("microvm.interfaces[0].address.gateway", error.Field);
        Assert.Contains("not inside 10.0.0.0/24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Ipv6Address_Accepted()
    {
        var spec = ValidSpec() with { Interfaces = [new NetworkInterfaceSpec { DeviceId = "eth0", Address = new StaticAddressSpec { Address = "fd00::5/64", Gateway = "fd00::1", Nameservers = ["fd00::53"] } }] };
        Assert.Empty(Validator.Validate(spec));
    }

    [Fact]
    public void Validate_MetadataTooLarge_Rejected()
    {
        var big = Convert.ToBase64String(new byte[2 * 1024 * 1024]);
        var spec = ValidSpec() with { Metadata = new Dictionary<string, string> { ["user-data"] = big } };
        Assert.Contains(Validator.Validate(spec), e => e.Field == "microvm.metadata" && e.Message.Contains("bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_VolumeProblems_Reported()
    {
        var spec = ValidSpec() with
        {
            AdditionalVolumes =
            [
                new VolumeSpec { Id = "root", ContainerSource = "data.ext4", MountPoint = "relative/path" },
                new VolumeSpec { Id = "v2", SizeMiB = 0 },
                new VolumeSpec { Id = "v3", ContainerSource = "bad:thing", MountPoint = "/mnt/../etc" },
            ],
        };
        var fields = Validator.Validate(spec).Select(e => e.Field).ToList();
        Assert.Contains("microvm.additional_volumes[0].id", fields);
        Assert.Contains("microvm.additional_volumes[0].mount_point", fields);
        Assert.Contains("microvm.additional_volumes[1].source", fields);
        Assert.Contains("microvm.additional_volumes[1].size_in_mb", fields);
        Assert.Contains("microvm.additional_volumes[2].source.container_source", fields);
        Assert.Contains("microvm.additional_volumes[2].mount_point", fields);
    }

    [Fact]
    public void Validate_KernelFilenameEscaping_Rejected()
    {
        var spec = ValidSpec() with { Kernel = new KernelSpec { Image = "k", Filename = "boot/../../etc/shadow" } };
        Assert.Contains(Validator.Validate(spec), e => e.Field == "microvm.kernel.filename");
    }

    [Fact]
    public void Validate_MissingKernel_Reported()
    {
        var spec = ValidSpec() with { Kernel = null! };
        Assert.Contains(Validator.Validate(spec), e => e.Field == "microvm.kernel");
    }
}
