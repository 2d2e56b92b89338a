namespace LiquidMetal.Controller.Agents.Tests;

public sealed class AgentAddressTests
{
    [Theory]
    [InlineData("10.0.0.11:9090", false, "https://10.0.0.11:9090/")]
    [InlineData("10.0.0.11", false, "https://10.0.0.11:9090/")]
    [InlineData("https://sled-1", false, "https://sled-1:9090/")]
    [InlineData("https://sled-1:443", false, "https://sled-1:443/")]
    [InlineData("[fd00::1]:7000", false, "https://[fd00::1]:7000/")]
    [InlineData("[fd00::1]", false, "https://[fd00::1]:9090/")]
    [InlineData("sled-1:9090", true, "http://sled-1:9090/")]
    [InlineData("http://sled-1", true, "http://sled-1:9090/")]
    public void Parse_Forms_ChannelUriWithAgentPortByDefault(string address, bool insecure, string expected)
    {
        var uri = AgentAddress.Parse(address, insecure).ChannelUri;

        Assert.Equal(expected, $"{uri.Scheme}://{uri.Host}:{uri.Port}/");
    }
}
