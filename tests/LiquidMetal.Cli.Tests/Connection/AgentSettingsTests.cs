using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Tests.Connection;

public class AgentSettingsTests
{
    private static readonly Func<string, string> NoFiles = path => throw new FileNotFoundException($"Could not find file '{path}'.");

    [Fact]
    public void Resolve_NothingGiven_UsesHttpsOnLocalhost()
    {
        var settings = Resolve(new AgentOptionValues());

        Assert.Equal(new Uri("https://127.0.0.1:9090"), settings.Address.ChannelUri);
        Assert.Null(settings.Token);
        Assert.Null(settings.AuthorizationHeader);
        Assert.Null(settings.CaFile);
    }

    [Fact]
    public void Resolve_InsecureWithNoAddress_UsesPlaintextOnLocalhost()
    {
        var settings = Resolve(new AgentOptionValues(Insecure: true));

        Assert.Equal(new Uri("http://127.0.0.1:9090"), settings.Address.ChannelUri);
    }

    [Fact]
    public void Resolve_EnvironmentVariables_AreTheFallbacks()
    {
        var settings = Resolve(new AgentOptionValues(), new()
        {
            ["LM_AGENT"] = "https://sled-1:9443",
            ["LM_TOKEN"] = "from-env",
            ["LM_CA_FILE"] = "/etc/lm/ca.pem",
        });

        Assert.Equal(new Uri("https://sled-1:9443"), settings.Address.ChannelUri);
        Assert.Equal("from-env", settings.Token);
        Assert.Equal("/etc/lm/ca.pem", settings.CaFile);
    }

    [Fact]
    public void Resolve_Flags_WinOverEnvironmentVariables()
    {
        var settings = Resolve(
            new AgentOptionValues(Agent: "https://sled-2:9090", Token: "from-flag", CaFile: "/tmp/ca.pem"),
            new() { ["LM_AGENT"] = "https://sled-1:9443", ["LM_TOKEN"] = "from-env", ["LM_CA_FILE"] = "/etc/lm/ca.pem" });

        Assert.Equal(new Uri("https://sled-2:9090"), settings.Address.ChannelUri);
        Assert.Equal("from-flag", settings.Token);
        Assert.Equal("/tmp/ca.pem", settings.CaFile);
    }

    [Fact]
    public void Resolve_EmptyEnvironmentVariable_IsIgnored()
    {
        var settings = Resolve(new AgentOptionValues(), new() { ["LM_AGENT"] = "", ["LM_TOKEN"] = " " });

        Assert.Equal(new Uri("https://127.0.0.1:9090"), settings.Address.ChannelUri);
        Assert.Null(settings.Token);
    }

    [Fact]
    public void Resolve_PlaintextAgentFromEnvironmentWithoutInsecure_IsAUsageError()
    {
        var error = Assert.Throws<UsageException>(() => Resolve(new AgentOptionValues(), new() { ["LM_AGENT"] = "http://sled-1:9090" }));

        Assert.Contains("--insecure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TokenFile_IsReadAndTrimmed()
    {
        var settings = AgentSettings.Resolve(new AgentOptionValues(TokenFile: "/run/token"), _ => "from-env-loses",
            path => path == "/run/token" ? "s3cr3t\n" : throw new FileNotFoundException(path));

        Assert.Equal("s3cr3t", settings.Token);
    }

    [Fact]
    public void Resolve_TokenAndTokenFile_IsAUsageError()
    {
        Assert.Throws<UsageException>(() => Resolve(new AgentOptionValues(Token: "a", TokenFile: "/run/token")));
    }

    [Fact]
    public void Resolve_MissingTokenFile_FailsWithTheFileName()
    {
        var error = Assert.Throws<CliException>(() => Resolve(new AgentOptionValues(TokenFile: "/run/missing")));

        Assert.Contains("cannot read --token-file /run/missing", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, error.ExitCode);
    }

    [Fact]
    public void Resolve_EmptyTokenFile_Fails()
    {
        var error = Assert.Throws<CliException>(() => AgentSettings.Resolve(new AgentOptionValues(TokenFile: "/run/token"), _ => null, _ => "\n"));

        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_KeyFileWithoutCertFile_IsAUsageError()
    {
        Assert.Throws<UsageException>(() => Resolve(new AgentOptionValues(KeyFile: "/tmp/key.pem")));
    }

    [Theory]
    [InlineData("s3cr3t", "Basic czNjcjN0")]
    [InlineData("user:pass", "Basic dXNlcjpwYXNz")]
    [InlineData("ünïcode", "Basic w7xuw69jb2Rl")]
    public void FormatAuthorization_IsBasicWithBase64OfTheRawToken(string token, string expected)
    {
        Assert.Equal(expected, AgentSettings.FormatAuthorization(token));
    }

    [Fact]
    public void AuthorizationHeader_WithToken_IsTheBasicHeader()
    {
        var settings = Resolve(new AgentOptionValues(Token: "s3cr3t"));

        Assert.Equal("Basic czNjcjN0", settings.AuthorizationHeader);
    }

    private static AgentSettings Resolve(AgentOptionValues values, Dictionary<string, string>? variables = null) =>
        AgentSettings.Resolve(values, name => variables?.GetValueOrDefault(name), NoFiles);
}
