using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Output;
using Spectre.Console.Rendering;
using VmState = LiquidMetal.Api.Flintlock.Types.MicroVMStatus.Types.MicroVMState;

namespace LiquidMetal.Cli.Tests.Output;

public class TableRendererTests
{
    [Fact]
    public void VmList_Header_HasTheColumnsInOrder()
    {
        var lines = Render(TableRenderer.VmList([Samples.Vm()], new Dictionary<string, MicroVMDetails>(), Samples.Now));

        Assert.Equal(["UID", "NAMESPACE", "ID", "STATE", "VCPU", "MEMORY", "AGE", "REASON"], Words(lines[0]));
    }

    [Fact]
    public void VmList_Rows_ShowEachVmWithItsReason()
    {
        var failed = Samples.Vm(uid: "01JX0000000000000000000002", id: "web-2", state: VmState.Failed, age: TimeSpan.FromHours(3));
        var details = new Dictionary<string, MicroVMDetails>
        {
            ["01JX0000000000000000000002"] = Samples.Details("01JX0000000000000000000002", VmState.Failed, "kernel panic: VFS unable to mount root fs\nmore text"),
        };

        var lines = Render(TableRenderer.VmList([Samples.Vm(), failed], details, Samples.Now));

        Assert.Equal(3, lines.Length);
        Assert.Equal(["01JX0000000000000000000001", "team-a", "web-1", "CREATED", "2", "1", "GiB", "5m", "-"], Words(lines[1]));
        Assert.Equal(["01JX0000000000000000000002", "team-a", "web-2", "FAILED", "2", "1", "GiB", "3h", "kernel", "panic:", "VFS", "unable", "to", "mount", "root", "fs", "…"],
            Words(lines[2]));
    }

    [Fact]
    public void VmList_ColumnsAreAligned()
    {
        var lines = Render(TableRenderer.VmList(
            [Samples.Vm(), Samples.Vm(uid: "01JX0000000000000000000002", id: "a-much-longer-id", state: VmState.Pending)],
            new Dictionary<string, MicroVMDetails>(),
            Samples.Now));

        var stateColumn = lines[0].IndexOf("STATE", StringComparison.Ordinal);
        Assert.Equal(stateColumn, lines[1].IndexOf("CREATED", StringComparison.Ordinal));
        Assert.Equal(stateColumn, lines[2].IndexOf("PENDING", StringComparison.Ordinal));
    }

    [Fact]
    public void VmList_WithoutCreationTime_ShowsADashForAge()
    {
        var vm = Samples.Vm();
        vm.Spec.CreatedAt = null;

        var lines = Render(TableRenderer.VmList([vm], new Dictionary<string, MicroVMDetails>(), Samples.Now));

        Assert.Equal("-", Words(lines[1])[7]);
    }

    [Fact]
    public void Vm_Table_MatchesGoldenFile()
    {
        var text = RenderText(TableRenderer.Vm(Samples.Vm(), Samples.Details(), Samples.Now));

        Golden.AssertMatches(text, ["table", "vm-get.txt"]);
    }

    [Fact]
    public void Vm_Failed_ShowsReasonAndConsoleTail()
    {
        var details = Samples.Details(state: VmState.Failed, reason: "guest did not boot within 60s");
        details.ConsoleTail.Add("[    0.52] Kernel panic - not syncing: VFS: Unable to mount root fs");

        var text = RenderText(TableRenderer.Vm(Samples.Vm(state: VmState.Failed), details, Samples.Now));

        Assert.Contains("Reason           guest did not boot within 60s\n", text, StringComparison.Ordinal);
        Assert.Contains("Console (last 1 lines):\n[    0.52] Kernel panic", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Vm_FailedWithoutConsoleTail_LeavesTheConsoleOut()
    {
        var details = Samples.Details(state: VmState.Failed, reason: "guest did not boot within 60s");
        details.ConsoleTail.Add("[    0.52] Kernel panic - not syncing: VFS: Unable to mount root fs");

        var text = RenderText(TableRenderer.Vm(Samples.Vm(state: VmState.Failed), details, Samples.Now, withConsoleTail: false));

        Assert.Contains("guest did not boot within 60s", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Kernel panic", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_Table_MatchesGoldenFile()
    {
        var text = RenderText(TableRenderer.Host(Samples.Host(), Samples.Now));

        Golden.AssertMatches(text, ["table", "host-info.txt"]);
    }

    [Fact]
    public void Render_RedirectedOutput_HasNoEscapeCodes()
    {
        var text = RenderText(TableRenderer.VmList([Samples.Vm(state: VmState.Failed)], new Dictionary<string, MicroVMDetails>(), Samples.Now));

        Assert.DoesNotContain('\u001b', text);
    }

    internal static string RenderText(IRenderable renderable) => ConsoleFactory.RenderPlain(renderable);

    private static string[] Render(IRenderable renderable) =>
        RenderText(renderable).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToArray();

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
