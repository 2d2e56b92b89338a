using LiquidMetal.Cli.Waiting;
using VmState = LiquidMetal.Api.Flintlock.Types.MicroVMStatus.Types.MicroVMState;

namespace LiquidMetal.Cli.Tests.Waiting;

public class VmObservationTests
{
    [Theory]
    [InlineData(VmState.Pending, false)]
    [InlineData(VmState.Created, true)]
    [InlineData(VmState.Failed, true)]
    [InlineData(VmState.Deleting, false)]
    public void IsSettled_CreatedOrFailed_EndsACreateWait(VmState state, bool settled)
    {
        Assert.Equal(settled, new VmObservation(Samples.Vm(state: state), null).IsSettled);
    }

    [Fact]
    public void Describe_WithDetails_ShowsStateAttemptsAndReason()
    {
        var details = Samples.Details(state: VmState.Pending, reason: "pulling rootfs.ext4\n(42%)");
        details.Attempts = 2;

        var text = new VmObservation(Samples.Vm(state: VmState.Pending), details).Describe();

        Assert.Equal("PENDING, attempt 2: pulling rootfs.ext4 (42%)", text);
    }

    [Fact]
    public void Describe_FlintlockVmWithoutDetails_UsesTheRetryCount()
    {
        var vm = Samples.Vm(state: VmState.Pending);
        vm.Status.Retry = 3;

        Assert.Equal("PENDING, attempt 3", new VmObservation(vm, null).Describe());
    }

    [Fact]
    public void State_OnlyDetailsSeen_ComesFromTheDetails()
    {
        var observation = new VmObservation(null, Samples.Details(state: VmState.Failed, reason: "qemu exited with code 1"));

        Assert.Equal(VmState.Failed, observation.State);
        Assert.True(observation.IsSettled);
    }

    [Fact]
    public void Gone_IsNeverSettled()
    {
        Assert.False(VmObservation.Gone.IsSettled);
        Assert.Equal("gone", VmObservation.Gone.Describe());
    }
}
