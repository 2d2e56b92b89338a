using LiquidMetal.Agent.Hosting;

namespace LiquidMetal.Agent.Tests.Hosting;

public class AgentCommandLineTests
{
    [Fact]
    public void Normalize_BareBooleanFlags_GetTrue()
    {
        Assert.Equal(["--insecure", "true", "--listen", "x"], AgentCommandLine.Normalize(["--insecure", "--listen", "x"]));
        Assert.Equal(["--disable-auth", "true"], AgentCommandLine.Normalize(["--disable-auth"]));
        Assert.Equal(["--insecure", "false"], AgentCommandLine.Normalize(["--insecure", "false"]));
    }

    [Fact]
    public void Switches_MapToConfigurationKeys()
    {
        Assert.Equal("Reconciler:NetworkNamespace", AgentCommandLine.Switches["--netns"]);
        Assert.Equal("Agent:StateDirectory", AgentCommandLine.Switches["--state-dir"]);
    }
}
