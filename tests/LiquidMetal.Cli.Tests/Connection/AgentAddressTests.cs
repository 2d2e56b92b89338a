using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Tests.Connection;

public class AgentAddressTests
{
    [Theory]
    [InlineData("https://127.0.0.1:9090", false, "https://127.0.0.1:9090/")]
    [InlineData("https://agent.example", false, "https://agent.example:9090/")]
    [InlineData("agent.example:9443", false, "https://agent.example:9443/")]
    [InlineData("agent.example", false, "https://agent.example:9090/")]
    [InlineData("agent.example:9443", true, "http://agent.example:9443/")]
    [InlineData("http://10.0.0.11:9090", true, "http://10.0.0.11:9090/")]
    [InlineData("[::1]:9000", false, "https://[::1]:9000/")]
    [InlineData("https://[::1]", false, "https://[::1]:9090/")]
    public void Parse_TcpAddress_GivesChannelUri(string value, bool insecure, string expected)
    {
        var address = AgentAddress.Parse(value, insecure);

        Assert.Equal(new Uri(expected), address.ChannelUri);
        Assert.False(address.IsUnixSocket);
        Assert.Equal(!insecure, address.UsesTls);
        Assert.Equal(value, address.Display);
    }

    [Theory]
    [InlineData("unix:///run/liquidmetal/agent.sock", "/run/liquidmetal/agent.sock")]
    [InlineData("unix:/run/agent.sock", "/run/agent.sock")]
    [InlineData("UNIX:///tmp/a.sock", "/tmp/a.sock")]
    public void Parse_UnixSocket_GivesPathAndPlaintextChannel(string value, string path)
    {
        var address = AgentAddress.Parse(value, insecure: false);

        Assert.True(address.IsUnixSocket);
        Assert.Equal(path, address.SocketPath);
        Assert.False(address.UsesTls);
        Assert.Equal(new Uri("http://localhost"), address.ChannelUri);
    }

    [Fact]
    public void Parse_RelativeUnixSocket_IsMadeAbsolute()
    {
        var address = AgentAddress.Parse("unix:agent.sock", insecure: false);

        Assert.Equal(Path.GetFullPath("agent.sock"), address.SocketPath);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9090", false, "add --insecure")]
    [InlineData("https://127.0.0.1:9090", true, "use http://127.0.0.1:9090")]
    [InlineData("ftp://agent:21", false, "unsupported scheme")]
    [InlineData("https://agent:9090/api", false, "has no path")]
    [InlineData("unix://", false, "names no socket")]
    [InlineData(" ", false, "--agent is empty")]
    [InlineData("https://", false, "is not an address")]
    public void Parse_BadAddress_IsAUsageError(string value, bool insecure, string expected)
    {
        var error = Assert.Throws<UsageException>(() => AgentAddress.Parse(value, insecure));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }
}
