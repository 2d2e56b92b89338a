using System.Text;
using LiquidMetal.Agent.Linux.CloudInit;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Linux.Tests.CloudInit;

/// <summary>Mount points of additional volumes reach the guest as cloud-config <c>mounts:</c> in vendor-data.</summary>
public sealed class VendorDataMountsTests
{
    private static readonly MicroVmSpec Spec = new()
    {
        Id = "vm-1",
        Kernel = new KernelSpec { Image = "kernels/vmlinux" },
        RootVolume = new VolumeSpec { Id = "root", ContainerSource = "ghcr.io/org/root:1", MountPoint = "/ignored" },
        AdditionalVolumes =
        [
            new VolumeSpec { Id = "data", ContainerSource = "ghcr.io/org/data:1", MountPoint = "/var/lib/data" },
            new VolumeSpec { Id = "scratch", ContainerSource = "ghcr.io/org/empty:1" },
            new VolumeSpec { Id = "tools", ContainerSource = "ghcr.io/org/tools:1", MountPoint = "/opt/tools", IsReadOnly = true },
        ],
    };

    [Fact]
    public void RenderVendorData_NoClientVendorData_CloudConfigWithOneMountPerMountPointInDiskOrder()
    {
        var text = Encoding.UTF8.GetString(NoCloudRenderer.RenderVendorData(null, Spec)!);

        Assert.Equal(
            "#cloud-config\nmounts:\n- [\"/dev/vdb\", \"/var/lib/data\", \"auto\", \"defaults,nofail\"]\n- [\"/dev/vdd\", \"/opt/tools\", \"auto\", \"defaults,nofail,ro\"]\n",
            text);
    }

    [Fact]
    public void RenderVendorData_ClientCloudConfig_KeepsItsKeysAndAddsMounts()
    {
        var client = Encoding.UTF8.GetBytes("#cloud-config\npackages: [htop]\nruncmd:\n- echo hi\n");

        var text = Encoding.UTF8.GetString(NoCloudRenderer.RenderVendorData(client, Spec)!);

        Assert.StartsWith("#cloud-config\n", text, StringComparison.Ordinal);
        Assert.Contains("packages:", text, StringComparison.Ordinal);
        Assert.Contains("- echo hi", text, StringComparison.Ordinal);
        Assert.Contains("\"/var/lib/data\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#cloud-config\nmounts:\n- [/dev/vdz, /x]\n")]
    [InlineData("#!/bin/sh\necho vendor script\n")]
    public void RenderVendorData_ClientMountsOrNotCloudConfig_ClientWinsUnchanged(string vendorData)
    {
        var client = Encoding.UTF8.GetBytes(vendorData);

        Assert.Same(client, NoCloudRenderer.RenderVendorData(client, Spec));
    }

    [Fact]
    public void RenderVendorData_NoMountPoints_ClientsBytesOrNothing()
    {
        var plain = Spec with { AdditionalVolumes = [new VolumeSpec { Id = "data", ContainerSource = "x:1" }] };
        var client = Encoding.UTF8.GetBytes("anything");

        Assert.Null(NoCloudRenderer.RenderVendorData(null, plain));
        Assert.Same(client, NoCloudRenderer.RenderVendorData(client, plain));
    }
}
