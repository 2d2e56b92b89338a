using System.Globalization;
using Grpc.Core;
using LiquidMetal.Agent.IntegrationTests.Harness;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Agent.IntegrationTests;

/// <summary>
/// VMs whose kernel, initrd and root volume are OCI images on a real docker-registry on loopback (issue 3): booted
/// through the flintlock API, sharing one cached base, freed by the periodic prune; bad images fail clearly.
/// </summary>
[Trait("Category", "Boot")]
public sealed class OciImageTests : AgentTest
{
    private OciRegistry _registry = null!;
    private OciRegistry _locked = null!;
    private string _config = null!;

    // Budget 0 and a 1 s prune: whatever no VM uses is removed within a second or two.
    protected override string[] AgentArguments =>
        ["--registry-config", _config, "--image-cache-budget-mib", "0", "--image-prune-interval", "00:00:01"];

    private string CacheDirectory => Path.Combine(Agent.StateDirectory, "images");

    public override async Task InitializeAsync()
    {
        _registry = await OciRegistry.StartAsync();
        _locked = await OciRegistry.StartLockedAsync();
        _config = _registry.ConfigPath + ".both.json";
        await File.WriteAllTextAsync(_config, $$"""
            { "registries": { "{{_registry.Host}}": { "plainHttp": true }, "{{_locked.Host}}": { "plainHttp": true } } }
            """);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await _registry.DisposeAsync();
            await _locked.DisposeAsync();
        }
    }

    [Fact]
    public async Task CreateMicroVM_KernelInitrdAndRootFromOci_TwoVmsReadyShareOneBaseAndPruneFreesTheCache()
    {
        var uids = new List<string>();
        foreach (var id in new[] { "oci-1", "oci-2" })
        {
            uids.Add((await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = OciSpec(id) })).Microvm.Spec.Uid);
        }

        var guestSource = $"{_registry.GuestReference}@{_registry.Guest.Top.Digest}";
        var rootSource = $"{_registry.RootReference}@{_registry.Root.Top.Digest}";
        foreach (var uid in uids)
        {
            var ready = await WaitReadyAsync(uid);
            Assert.Equal(guestSource, ready.Status.KernelMount.Source);
            Assert.Equal(guestSource, ready.Status.InitrdMount.Source);
            Assert.Equal(rootSource, ready.Status.Volumes["root"].Mount.Source);
            var console = await ReadConsoleAsync(uid);
            Assert.Contains($"lm-init: liquidmetal-root {_registry.RootLine}", console, StringComparison.Ordinal);
        }

        // One base volume (plus the kernel and initrd files) shared by two small copy-on-write overlays.
        var artifacts = Path.Combine(CacheDirectory, "cache", "artifacts");
        var bases = Directory.GetFiles(artifacts, "*.ext4");
        var baseFile = Assert.Single(bases);
        Assert.Equal(2, Directory.GetFiles(artifacts, "*.file").Length);
        var baseBytes = await AllocatedBytesAsync(baseFile);
        foreach (var uid in uids)
        {
            var overlay = Path.Combine(Agent.StateDirectory, "vms", uid, "volume-root.qcow2");
            var overlayBytes = await AllocatedBytesAsync(overlay);
            Assert.True(overlayBytes < 2 * 1024 * 1024, $"overlay {overlay} takes {overlayBytes} bytes");
            Assert.True(overlayBytes * 4 < baseBytes, $"overlay {overlayBytes} bytes vs base {baseBytes} bytes");
            var info = await Shell.CheckAsync("qemu-img", "info", "-U", "--output=json", overlay);
            Assert.Contains($"\"backing-filename\": \"{baseFile}\"", info, StringComparison.Ordinal);
        }

        foreach (var uid in uids)
        {
            await Agent.MicroVms.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = uid });
        }

        foreach (var uid in uids)
        {
            await Agent.MicroVms.WaitGoneAsync(uid);
        }

        // Released on delete; the periodic prune (budget 0) then removes artifacts and blobs.
        var blobs = Path.Combine(CacheDirectory, "oci", "blobs", "sha256");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && (Directory.GetFiles(artifacts).Length > 0 || Directory.GetFiles(blobs).Length > 0))
        {
            await Task.Delay(200);
        }

        Assert.Empty(Directory.GetFiles(artifacts));
        Assert.Empty(Directory.GetFiles(blobs));
    }

    [Fact]
    public async Task CreateMicroVM_UnknownImageOrRegistryAnswering401_FailedNamingImageAndAgentHealthy()
    {
        var unknown = OciSpec("oci-unknown");
        unknown.RootVolume.Source.ContainerSource = $"{_registry.Host}/lm/nothing-here:1";
        var locked = OciSpec("oci-401");
        locked.Kernel.Image = $"{_locked.Host}/lm/guest:1";
        var missingFile = OciSpec("oci-no-file");
        missingFile.Kernel.Filename = "boot/no-such-kernel";

        var cases = new[]
        {
            (Spec: unknown, Expect: "lm/nothing-here"),
            (Spec: locked, Expect: _locked.Host),
            (Spec: missingFile, Expect: "boot/no-such-kernel"),
        };
        foreach (var (spec, expect) in cases)
        {
            var uid = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = spec })).Microvm.Spec.Uid;
            var failed = await Agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Failed, TimeSpan.FromSeconds(60));
            var reason = (await Agent.Host.GetMicroVMDetailsAsync(new GetMicroVMDetailsRequest { Uid = uid })).Reason;
            Assert.True(reason.Contains(expect, StringComparison.Ordinal), $"expected '{expect}' in: {reason}");
            Assert.Contains("image", reason, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(Shell.ProcessesMatching(uid));
        }

        var health = await Agent.Host.GetHostInfoAsync(new GetHostInfoRequest());
        Assert.Equal(3, health.VmCount);
    }

    [Fact]
    public async Task CreateMicroVM_RegistryDownThenBack_PendingRetryingThenReady()
    {
        await _registry.StopAsync();
        var uid = (await Agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = OciSpec("oci-later") })).Microvm.Spec.Uid;

        // Transient: PENDING with the reason and a retry, never FAILED, however many attempts it takes.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        MicroVMDetails details;
        do
        {
            await Task.Delay(200);
            details = await Agent.Host.GetMicroVMDetailsAsync(new GetMicroVMDetailsRequest { Uid = uid });
            Assert.NotEqual(MicroVMStatus.Types.MicroVMState.Failed, details.State);
        }
        while (details.Attempts < 2 && DateTime.UtcNow < deadline);

        Assert.Equal(MicroVMStatus.Types.MicroVMState.Pending, details.State);
        Assert.True(details.Reason.Contains(_registry.Host, StringComparison.Ordinal), details.Reason);
        Assert.Contains("retrying in", details.Reason, StringComparison.Ordinal);

        await _registry.StartAgainAsync();
        var ready = await WaitReadyAsync(uid);
        Assert.Equal($"{_registry.RootReference}@{_registry.Root.Top.Digest}", ready.Status.Volumes["root"].Mount.Source);
    }

    private MicroVMSpec OciSpec(string id)
    {
        var spec = DevVms.Spec(id);
        spec.Kernel.Image = _registry.GuestReference;
        spec.Kernel.Filename = "boot/vmlinuz";
        spec.Initrd.Image = _registry.GuestReference;
        spec.Initrd.Filename = "boot/initrd.img";
        spec.RootVolume.Source.ContainerSource = _registry.RootReference;
        return spec;
    }

    /// <summary>Created, or fail at once with the agent's reason when the VM fails.</summary>
    private async Task<LiquidMetal.Api.Flintlock.Types.MicroVM> WaitReadyAsync(string uid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (true)
        {
            var vm = (await Agent.MicroVms.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid })).Microvm;
            if (vm.Status.State == MicroVMStatus.Types.MicroVMState.Created)
            {
                return vm;
            }

            if (vm.Status.State == MicroVMStatus.Types.MicroVMState.Failed || DateTime.UtcNow > deadline)
            {
                var details = await Agent.Host.GetMicroVMDetailsAsync(new GetMicroVMDetailsRequest { Uid = uid });
                Assert.Fail($"VM {uid} is {vm.Status.State}: {details.Reason}\n{string.Join('\n', details.ConsoleTail)}");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<long> AllocatedBytesAsync(string path) =>
        long.Parse((await Shell.CheckAsync("stat", "-c", "%b", path)).Trim(), CultureInfo.InvariantCulture) * 512;

    private Task<string> ReadConsoleAsync(string uid) => Agent.ReadConsoleAsync(uid);
}
