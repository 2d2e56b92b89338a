namespace LiquidMetal.Testing.Agent;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The development guest built by scripts/setup.sh (guest/build.sh); LM_GUEST_DIR overrides.</summary>
    public static string GuestDirectory { get; } = Environment.GetEnvironmentVariable("LM_GUEST_DIR") ?? "/var/cache/liquidmetal/guest";

    /// <summary>The Debian cloud-init test guest built by scripts/setup.sh (guest/debian-cloudinit/build.sh); LM_GUEST_CLOUDINIT_DIR overrides.</summary>
    public static string CloudInitGuestDirectory { get; } = Environment.GetEnvironmentVariable("LM_GUEST_CLOUDINIT_DIR") ?? "/var/cache/liquidmetal/guest-cloudinit";

    /// <summary>Debug or Release, whichever this assembly was built as (the agent is built alongside in the same one).</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string AgentDll => Path.Combine(Root, "src", "LiquidMetal.Agent", "bin", Configuration, "net10.0", "liquidmetal-agent.dll");

    /// <summary>The Native AOT agent published by scripts/publish-agent.sh (part of scripts/setup.sh).</summary>
    public static string AgentBinary => Path.Combine(Root, "artifacts", "agent", "liquidmetal-agent");

    /// <summary>
    /// The agent tests start: the binary named by LM_AGENT_BINARY (scripts/test.sh sets it to the published Native
    /// AOT agent, so tests run what is deployed), else the JIT build next to the tests, for quick edit-test loops.
    /// </summary>
    public static ServerExecutable Agent { get; } = Environment.GetEnvironmentVariable("LM_AGENT_BINARY") is { Length: > 0 } binary
        ? ServerExecutable.Native(binary)
        : ServerExecutable.Jit(AgentDll);

    public static string ControllerDll => Path.Combine(Root, "src", "LiquidMetal.Controller", "bin", Configuration, "net10.0", "liquidmetal-controller.dll");

    /// <summary>The Native AOT controller published by scripts/publish-controller.sh (part of scripts/setup.sh).</summary>
    public static string ControllerBinary => Path.Combine(Root, "artifacts", "controller", "liquidmetal-controller");

    /// <summary>
    /// The controller tests start: the binary named by LM_CONTROLLER_BINARY (scripts/test.sh sets it to the published
    /// Native AOT controller), else the JIT build next to the tests, for quick edit-test loops.
    /// </summary>
    public static ServerExecutable Controller { get; } = Environment.GetEnvironmentVariable("LM_CONTROLLER_BINARY") is { Length: > 0 } binary
        ? ServerExecutable.Native(binary)
        : ServerExecutable.Jit(ControllerDll);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiquidMetal.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LiquidMetal.slnx not found above " + AppContext.BaseDirectory);
    }
}
