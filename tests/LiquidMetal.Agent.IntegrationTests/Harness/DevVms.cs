using System.Text;
using Grpc.Core;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Api.Flintlock.Types;

namespace LiquidMetal.Agent.IntegrationTests.Harness;

/// <summary>Specs for the development guest, and waiting on a VM's state through the API.</summary>
public static class DevVms
{
    public static MicroVMSpec Spec(string id, string? address = null, string? gateway = null, string kernel = "vmlinuz", string initrd = "initrd.img")
    {
        var spec = new MicroVMSpec
        {
            Id = id,
            Namespace = "it",
            Vcpu = 1,
            MemoryInMb = 256,
            Kernel = new Kernel { Image = kernel, AddNetworkConfig = address is not null },
            Initrd = new Initrd { Image = initrd },
            RootVolume = new Volume { Id = "root", Source = new VolumeSource { ContainerSource = "rootfs.ext4" } },
        };
        spec.Labels["test"] = "integration";
        spec.Metadata["meta-data"] = Base64($"instance_id: ignored\nlocal_hostname: host-{id}\nplatform: liquid_metal\n");
        spec.Metadata["user-data"] = Base64("#cloud-config\n");
        if (address is not null)
        {
            var nic = new NetworkInterface { DeviceId = "eth0", Type = NetworkInterface.Types.IfaceType.Tap, Address = new StaticAddress { Address = address } };
            if (gateway is not null)
            {
                nic.Address.Gateway = gateway;
                nic.Address.Nameservers.Add(gateway);
            }

            spec.Interfaces.Add(nic);
        }

        return spec;
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static async Task<LiquidMetal.Api.Flintlock.Types.MicroVM> WaitForStateAsync(this LiquidMetal.Api.Flintlock.Services.V1Alpha1.MicroVM.MicroVMClient client, string uid, MicroVMStatus.Types.MicroVMState state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        LiquidMetal.Api.Flintlock.Types.MicroVM? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await client.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid })).Microvm;
            if (last.Status.State == state)
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"VM {uid} did not reach {state}; last seen: {last}");
    }

    public static async Task WaitGoneAsync(this LiquidMetal.Api.Flintlock.Services.V1Alpha1.MicroVM.MicroVMClient client, string uid, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await client.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"VM {uid} was not deleted");
    }
}
