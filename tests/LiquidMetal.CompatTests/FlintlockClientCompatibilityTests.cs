using System.Text;
using Google.Protobuf.Reflection;
using Grpc.Core;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using FlintlockClient = LiquidMetal.Api.Flintlock.Services.V1Alpha1.MicroVM.MicroVMClient;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.CompatTests;

/// <summary>
/// Calls all five flintlock RPCs, with flintlock's package and method names, from a client generated
/// from the .proto files alone, against a real agent that boots a real guest.
/// </summary>
[Trait("Category", "Boot")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes it through IAsyncLifetime.DisposeAsync")]
public sealed class FlintlockClientCompatibilityTests : IAsyncLifetime
{
    private readonly string _netns = "lmcompat-" + Guid.NewGuid().ToString("N")[..6];
    private AgentLauncher _agent = null!;

    public async Task InitializeAsync()
    {
        await Shell.CheckAsync("ip", "netns", "add", _netns);
        await Shell.CheckAsync("ip", "-n", _netns, "link", "add", "lmbr0", "type", "bridge");
        _agent = new AgentLauncher(_netns, "lmbr0", RepoPaths.GuestDirectory, RepoPaths.Agent);
        await _agent.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await Shell.CheckAsync("ip", "netns", "del", _netns);
    }

    [Fact]
    public void GeneratedClient_UsesFlintlockPackageAndMethodPaths()
    {
        ServiceDescriptor service = MicrovmsReflection.Descriptor.Services.Single();
        Assert.Equal("microvm.services.api.v1alpha1.MicroVM", service.FullName);
        Assert.Equal(["CreateMicroVM", "DeleteMicroVM", "GetMicroVM", "ListMicroVMs", "ListMicroVMsStream"], service.Methods.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal("flintlock.types.MicroVMSpec", MicroVMSpec.Descriptor.FullName);
    }

    [Fact]
    public async Task AllFiveRpcs_FlintlockClient_WorksAgainstAgent()
    {
        var client = new FlintlockClient(_agent.Channel());
        var spec = new MicroVMSpec
        {
            Id = "compat-1",
            Namespace = "capmvm",
            Vcpu = 1,
            MemoryInMb = 256,
            Kernel = new Kernel { Image = "vmlinuz", Filename = "ignored-for-files" },
            Initrd = new Initrd { Image = "initrd.img" },
            RootVolume = new Volume { Id = "root", IsReadOnly = false, Source = new VolumeSource { ContainerSource = "rootfs.ext4" } },
        };
        spec.Metadata["meta-data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("instance_id: capmvm/compat-1\nlocal_hostname: compat-1\nplatform: liquid_metal\n"));
        spec.Metadata["user-data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("## template: jinja\n#cloud-config\n"));

        // CreateMicroVM: server-made uid, version 1, PENDING.
        var created = (await client.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = spec })).Microvm;
        Assert.Equal(26, created.Spec.Uid.Length);
        Assert.Equal(1, created.Version);
        Assert.Equal(MicroVMStatus.Types.MicroVMState.Pending, created.Status.State);
        var uid = created.Spec.Uid;

        // GetMicroVM until CREATED (the guest has booted).
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var state = created.Status.State;
        while (state != MicroVMStatus.Types.MicroVMState.Created && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            state = (await client.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid })).Microvm.Status.State;
        }

        Assert.Equal(MicroVMStatus.Types.MicroVMState.Created, state);

        // ListMicroVMs and ListMicroVMsStream, by namespace and by name.
        var listed = (await client.ListMicroVMsAsync(new ListMicroVMsRequest { Namespace = "capmvm", Name = "compat-1" })).Microvm;
        Assert.Equal(uid, Assert.Single(listed).Spec.Uid);
        using var stream = client.ListMicroVMsStream(new ListMicroVMsRequest { Namespace = "capmvm" });
        var streamed = new List<string>();
        await foreach (var message in stream.ResponseStream.ReadAllAsync())
        {
            streamed.Add(message.Microvm.Spec.Uid);
        }

        Assert.Equal([uid], streamed);

        // DeleteMicroVM, then Get fails with "not found" in the message (what the Cluster API provider matches).
        await client.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = uid });
        RpcException? notFound = null;
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (notFound is null && DateTime.UtcNow < deadline)
        {
            try
            {
                var current = (await client.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid })).Microvm;
                Assert.Equal(MicroVMStatus.Types.MicroVMState.Deleting, current.Status.State);
                await Task.Delay(200);
            }
            catch (RpcException e)
            {
                notFound = e;
            }
        }

        Assert.NotNull(notFound);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("not found", notFound.Status.Detail, StringComparison.Ordinal);
    }
}
