using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Tests;

/// <summary>
/// <c>lm</c> run in-process, without an agent: usage errors, spec-file errors, and an agent that is not
/// there. Runs against a real agent belong to the end-to-end tests.
/// </summary>
public class CliTests
{
    [Fact]
    public async Task RunAsync_Help_ListsTheCommandsAndExitsZero()
    {
        var run = await CliRun.RunAsync(["--help"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("vm", run.Out, StringComparison.Ordinal);
        Assert.Contains("host", run.Out, StringComparison.Ordinal);
        Assert.Contains("LM_AGENT", run.Out, StringComparison.Ordinal);
        foreach (var command in new[] { "plan", "apply", "get", "describe", "delete" })
        {
            Assert.Matches($@"\n  {command}\s", run.Out);
        }

        Assert.Contains("--controller-token-file", run.Out, StringComparison.Ordinal);
        Assert.Contains("LM_CONTROLLER_CA_FILE", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ControllerNotListening_SaysSoAndPointsAtController()
    {
        var controller = $"https://127.0.0.1:{CliRun.ClosedPort()}";

        var run = await CliRun.RunAsync(["get", "clusters"], new Dictionary<string, string> { ["LM_CONTROLLER"] = controller });

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(
            $"error: cannot reach the controller at {controller}: Connection refused\n" +
            $"hint: is the controller running at {controller}? check --controller (or LM_CONTROLLER); liquidmetal-controller listens on 127.0.0.1:9443 by default\n",
            run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task RunAsync_PlanOfAMissingFolder_FailsBeforeDialling()
    {
        var run = await CliRun.RunAsync(["plan", "-f", "/nonexistent/fleet", "--controller", $"https://127.0.0.1:{CliRun.ClosedPort()}"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("error: -f /nonexistent/fleet: no such file or directory\n", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AgentSettingsBroken_DoNotBreakControllerCommands()
    {
        var controller = $"https://127.0.0.1:{CliRun.ClosedPort()}";

        var run = await CliRun.RunAsync(["get", "hosts"], new Dictionary<string, string> { ["LM_CONTROLLER"] = controller, ["LM_AGENT"] = "ftp://nowhere" });

        Assert.StartsWith($"error: cannot reach the controller at {controller}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_VmCreateHelp_SaysMetadataIsPlainText()
    {
        var run = await CliRun.RunAsync(["vm", "create", "--help"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("metadata values are PLAIN TEXT", run.Out, StringComparison.Ordinal);
        Assert.Contains("base64-encodes", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vm", "lst")]
    [InlineData("vm", "create")]
    [InlineData("vm", "get")]
    [InlineData("vm", "list", "-o", "xml")]
    [InlineData("vm", "create", "-f", "vm.yaml", "--timeout", "soon")]
    [InlineData("vm", "console", "01JX", "--tail", "-1")]
    [InlineData("image", "pull")]
    [InlineData("image", "rm")]
    [InlineData("image", "prune", "--budget-mib", "-1")]
    [InlineData("image", "prune", "--budget-mib", "lots")]
    [InlineData("get")]
    [InlineData("get", "nodes")]
    [InlineData("describe", "cluster")]
    [InlineData("describe", "cluster", "a", "--events", "0")]
    [InlineData("delete", "cluster")]
    [InlineData("delete", "cluster", "a", "--wait", "--timeout", "soon")]
    [InlineData("apply", "-f")]
    public async Task RunAsync_BadCommandLine_ExitsTwoWithAHint(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("hint: see 'lm", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task RunAsync_PlaintextAgentWithoutInsecure_ExitsTwo()
    {
        var run = await CliRun.RunAsync(["vm", "list", "--agent", "http://127.0.0.1:9090"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("add --insecure", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TokenAndTokenFile_ExitsTwo()
    {
        var run = await CliRun.RunAsync(["host", "info", "--token", "a", "--token-file", "/run/token"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("mutually exclusive", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AgentNotListening_SaysSoAndPointsAtAgent()
    {
        var agent = $"http://127.0.0.1:{CliRun.ClosedPort()}";

        var run = await CliRun.RunAsync(["vm", "list", "--agent", agent, "--insecure"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(
            $"error: cannot reach the agent at {agent}: Connection refused\nhint: is the agent running at {agent}? check --agent (or LM_AGENT)\n",
            run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task RunAsync_AgentFromEnvironment_IsTheOneDialled()
    {
        var agent = $"http://127.0.0.1:{CliRun.ClosedPort()}";

        var run = await CliRun.RunAsync(["host", "info", "--insecure"], new Dictionary<string, string> { ["LM_AGENT"] = agent });

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains($"cannot reach the agent at {agent}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingUnixSocket_NamesThePath()
    {
        var run = await CliRun.RunAsync(["vm", "get", "01JX", "--agent", "unix:///nonexistent/agent.sock"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("no socket at /nonexistent/agent.sock", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidSpecFromStdin_ListsEveryProblemBeforeDialling()
    {
        var run = await CliRun.RunAsync(
            ["vm", "create", "-f", "-", "--agent", $"http://127.0.0.1:{CliRun.ClosedPort()}", "--insecure"],
            stdin: "id: vm\nvcpu: lots\ninterfaces:\n  - type: TUN\n");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(
            "error: stdin is not a valid MicroVMSpec (2 problems):\n"
            + "  stdin:2:7: vcpu: expected an integer, got \"lots\"\n"
            + "  stdin:4:11: interfaces[0].type: unknown value \"TUN\"; expected one of MACVTAP, TAP\n",
            run.Error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("cannot reach", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingSpecFile_NamesIt()
    {
        var run = await CliRun.RunAsync(["vm", "create", "-f", "/nonexistent/vm.yaml"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("error: cannot read /nonexistent/vm.yaml", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ValidExampleAndNoAgent_FailsOnlyOnTheConnection()
    {
        var agent = $"http://127.0.0.1:{CliRun.ClosedPort()}";

        var run = await CliRun.RunAsync(["vm", "create", "-f", TestData.Example("vm.yaml"), "--agent", agent, "--insecure", "--no-wait"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith($"error: cannot reach the agent at {agent}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OverloadWithWriters_Works()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await Cli.RunAsync(["vm", "--help"], stdout, stderr);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("create", stdout.ToString(), StringComparison.Ordinal);
    }
}
