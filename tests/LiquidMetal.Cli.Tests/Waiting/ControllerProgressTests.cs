using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Cli.Waiting;

namespace LiquidMetal.Cli.Tests.Waiting;

public class ControllerProgressTests
{
    [Fact]
    public void Lines_ApplyRoundWithEvents_SummarisesThenWarnsOfFailedActionsOnly()
    {
        var progress = new ApplyProgress
        {
            Generation = 3,
            Machines = 7,
            MachinesReady = 4,
            Waiting = { "a-cp-1: VM on sled-2 is still being deleted", "a-vm-0: no host", "b-cp-0: no host" },
            Events =
            {
                new Event { Reason = "CreatingVm", Severity = "Normal", Name = "a-cp-0" },
                new Event { Reason = "CreatingVm", Severity = "Normal", Name = "a-cp-2" },
                new Event { Reason = "DeletingVm", Severity = "Normal", Name = "b-cp-0" },
                new Event { Reason = "AgentRefused", Severity = "Warning", Name = "a-cp-2", Message = "create VM a-cp-2-1 on sled-3 failed: disk full" },
                new Event { Reason = "NotPlaced", Severity = "Warning", Name = "a-vm-0", Message = "VmAvailable is False: no host" },
            },
        };

        var lines = ControllerProgress.Lines(progress);

        Assert.Equal(
        [
            "generation 3: 4/7 machines available; creating 2 VMs, deleting 1 VM, 1 action failed; waiting: a-cp-1: VM on sled-2 is still being deleted; a-vm-0: no host (and 1 more)",
            "warning: a-cp-2: create VM a-cp-2-1 on sled-3 failed: disk full",
        ], lines);
    }

    [Fact]
    public void Describe_ConvergedApply_SaysConverged()
    {
        Assert.Equal("generation 1: 7/7 machines available; converged",
            ControllerProgress.Describe(new ApplyProgress { Generation = 1, Machines = 7, MachinesReady = 7, Converged = true }));
    }

    [Theory]
    [InlineData(2, 1, false, "2 VMs left, 1 being deleted by its agent")]
    [InlineData(1, 0, false, "1 VM left, 0 being deleted by their agents")]
    [InlineData(0, 0, true, "no VM left")]
    public void Remaining_Counts_ReadAsASentence(int vms, int deleting, bool gone, string expected)
    {
        Assert.Equal(expected, ControllerProgress.Remaining(new DeleteClusterProgress { Vms = vms, VmsDeleting = deleting, Gone = gone }));
    }

    [Fact]
    public void Describe_DeleteWithUnreachableHostAndEvents_NamesTheHostAndWhatWasDone()
    {
        var progress = new DeleteClusterProgress
        {
            Vms = 0,
            VmsDeleting = 2,
            UnreachableHosts = { "sled-2" },
            Events = { new Event { Reason = "DeletingVm", Severity = "Normal" }, new Event { Reason = "DeletingVm", Severity = "Normal" } },
        };

        Assert.Equal("0 VMs left, 2 being deleted by their agents; not answering (their VMs are unknown): sled-2; deleting 2 VMs", ControllerProgress.Describe(progress));
    }
}
