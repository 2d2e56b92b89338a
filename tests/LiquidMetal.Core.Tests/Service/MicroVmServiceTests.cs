using LiquidMetal.Core.Service;
using LiquidMetal.Core.Tests.Reconcile;
using LiquidMetal.Core.Tests.Validation;
using LiquidMetal.Core.Validation;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Tests.Service;

public class MicroVmServiceTests
{
    [Fact]
    public async Task Create_NewVm_StoredPendingVersionOneWithServerUid()
    {
        using var h = new ReconcilerHarness();
        var vm = await h.CreateAsync(MicroVmSpecValidatorTests.ValidSpec());

        Assert.True(UlidGenerator.IsValid(vm.Uid));
        Assert.Equal(1, vm.Version);
        Assert.Equal(MicroVmState.Pending, vm.Status.State);
        Assert.Equal(1, h.Queue.Length);
    }

    [Fact]
    public async Task Create_SameSpecAgain_ReturnsExistingVm()
    {
        using var h = new ReconcilerHarness();
        var first = await h.CreateAsync();
        var again = await h.CreateAsync(MicroVmSpecValidatorTests.ValidSpec() with { Labels = new Dictionary<string, string>() });

        Assert.Equal(first.Uid, again.Uid);
        Assert.Single(h.Store.List());
    }

    [Fact]
    public async Task Create_SameNameDifferentSpec_AlreadyExists()
    {
        using var h = new ReconcilerHarness();
        await h.CreateAsync();
        var ex = await Assert.ThrowsAsync<MicroVmServiceException>(() => h.CreateAsync(MicroVmSpecValidatorTests.ValidSpec() with { Vcpu = 4 }));
        Assert.Equal(ErrorCode.AlreadyExists, ex.Code);
        Assert.Single(h.Store.List());
    }

    [Fact]
    public async Task Create_InvalidSpec_NothingStored()
    {
        using var h = new ReconcilerHarness();
        var ex = await Assert.ThrowsAsync<ValidationException>(() => h.CreateAsync(MicroVmSpecValidatorTests.ValidSpec() with { Id = "", Vcpu = 1000 }));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Empty(h.Store.List());
        Assert.Equal(0, h.Store.Writes);
    }

    [Fact]
    public async Task Create_MacvtapWithoutParent_FailedPrecondition()
    {
        using var h = new ReconcilerHarness();
        h.Driver.Capabilities |= Ports.VmmCapabilities.Macvtap;
        var spec = MicroVmSpecValidatorTests.ValidSpec() with { Interfaces = [new NetworkInterfaceSpec { DeviceId = "eth0" }] };
        var ex = await Assert.ThrowsAsync<MicroVmServiceException>(() => h.CreateAsync(spec));
        Assert.Equal(ErrorCode.FailedPrecondition, ex.Code);
        Assert.Contains("MACVTAP", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Store.List());
    }

    [Fact]
    public void Get_Unknown_NotFoundSayingNotFound()
    {
        using var h = new ReconcilerHarness();
        var ex = Assert.Throws<MicroVmServiceException>(() => h.Service.Get("01NOPE"));
        Assert.Equal(ErrorCode.NotFound, ex.Code);
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_EmptyUid_InvalidArgumentNamingUid()
    {
        using var h = new ReconcilerHarness();
        var ex = Assert.Throws<ValidationException>(() => h.Service.Get(""));
        Assert.Equal("uid", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public async Task Create_WhileDeleting_RefusedUntilGone()
    {
        using var h = new ReconcilerHarness();
        var vm = await h.CreateAsync();
        await h.Service.DeleteAsync(vm.Uid, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<MicroVmServiceException>(() => h.CreateAsync());
        Assert.Contains("being deleted", ex.Message, StringComparison.Ordinal);
    }
}
