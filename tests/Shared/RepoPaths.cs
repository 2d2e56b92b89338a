namespace LiquidMetal.Testing.Agent;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The development guest built by scripts/setup.sh (guest/build.sh); LM_GUEST_DIR overrides.</summary>
    public static string GuestDirectory { get; } = Environment.GetEnvironmentVariable("LM_GUEST_DIR") ?? "/var/cache/liquidmetal/guest";

    /// <summary>Debug or Release, whichever this assembly was built as (the agent is built alongside in the same one).</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string AgentDll => Path.Combine(Root, "src", "LiquidMetal.Agent", "bin", Configuration, "net10.0", "liquidmetal-agent.dll");

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
