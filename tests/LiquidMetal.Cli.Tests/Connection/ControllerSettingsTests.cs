using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Tests.Connection;

public class ControllerSettingsTests
{
    private const string State = "/var/lib/liquidmetal/controller";

    [Fact]
    public void Resolve_NothingGivenNoLocalController_UsesTheControllersDefaultListenWithoutTokenOrCa()
    {
        var settings = Resolve(new ControllerOptionValues());

        Assert.Equal(new Uri("https://127.0.0.1:9443"), settings.Address.ChannelUri);
        Assert.Null(settings.Token);
        Assert.Null(settings.CaFile);
        Assert.Null(settings.TokenFrom);
    }

    [Fact]
    public void Resolve_LocalControllerStateReadable_UsesItsCaAndToken()
    {
        var settings = Resolve(new ControllerOptionValues(), files: new() { [$"{State}/token"] = "local-token\n", [$"{State}/tls/ca.crt"] = "PEM" });

        Assert.Equal("local-token", settings.Token);
        Assert.Equal($"{State}/tls/ca.crt", settings.CaFile);
        Assert.Equal($"{State}/token", settings.TokenFrom);
    }

    [Fact]
    public void Resolve_EnvironmentVariables_WinOverTheLocalState()
    {
        var settings = Resolve(new ControllerOptionValues(), new()
        {
            ["LM_CONTROLLER"] = "controller.example",
            ["LM_CONTROLLER_CA_FILE"] = "/etc/lm/controller-ca.pem",
            ["LM_CONTROLLER_TOKEN_FILE"] = "/etc/lm/controller-token",
        }, new() { ["/etc/lm/controller-token"] = " from-file \n", [$"{State}/token"] = "local", [$"{State}/tls/ca.crt"] = "PEM" });

        Assert.Equal(new Uri("https://controller.example:9443"), settings.Address.ChannelUri);
        Assert.Equal("/etc/lm/controller-ca.pem", settings.CaFile);
        Assert.Equal("from-file", settings.Token);
        Assert.Equal("LM_CONTROLLER_TOKEN_FILE /etc/lm/controller-token", settings.TokenFrom);
    }

    [Fact]
    public void Resolve_Flags_WinOverEnvironmentVariables()
    {
        var settings = Resolve(new ControllerOptionValues("https://10.0.0.5:7443", "/flag/ca.pem", Token: "from-flag"), new()
        {
            ["LM_CONTROLLER"] = "https://other:9443",
            ["LM_CONTROLLER_CA_FILE"] = "/env/ca.pem",
            ["LM_CONTROLLER_TOKEN_FILE"] = "/env/token",
            ["LM_CONTROLLER_TOKEN"] = "from-env",
        });

        Assert.Equal(new Uri("https://10.0.0.5:7443"), settings.Address.ChannelUri);
        Assert.Equal("/flag/ca.pem", settings.CaFile);
        Assert.Equal("from-flag", settings.Token);
        Assert.Equal("Basic ZnJvbS1mbGFn", settings.AuthorizationHeader);
    }

    [Fact]
    public void Resolve_TokenVariable_IsUsedWhenNoFileIsNamed()
    {
        Assert.Equal("from-env", Resolve(new ControllerOptionValues(), new() { ["LM_CONTROLLER_TOKEN"] = "from-env" }).Token);
    }

    [Fact]
    public void Resolve_Insecure_IsPlaintextAndIgnoresTheLocalCa()
    {
        var settings = Resolve(new ControllerOptionValues(Insecure: true), files: new() { [$"{State}/tls/ca.crt"] = "PEM" });

        Assert.Equal(new Uri("http://127.0.0.1:9443"), settings.Address.ChannelUri);
        Assert.Null(settings.CaFile);
    }

    [Fact]
    public void Resolve_TokenAndTokenFileFlags_IsAUsageError()
    {
        var error = Assert.Throws<UsageException>(() => Resolve(new ControllerOptionValues(TokenFile: "/t", Token: "t")));

        Assert.Equal("--controller-token and --controller-token-file are mutually exclusive; give one of them", error.Message);
    }

    [Fact]
    public void Resolve_BothTokenVariables_IsAUsageErrorNamingThem()
    {
        var error = Assert.Throws<UsageException>(() => Resolve(new ControllerOptionValues(), new() { ["LM_CONTROLLER_TOKEN"] = "a", ["LM_CONTROLLER_TOKEN_FILE"] = "/b" }));

        Assert.Contains("LM_CONTROLLER_TOKEN_FILE and LM_CONTROLLER_TOKEN are both set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MissingOrEmptyTokenFile_SaysWhichAndWhere()
    {
        var missing = Assert.Throws<CliException>(() => Resolve(new ControllerOptionValues(TokenFile: "/nope")));
        var empty = Assert.Throws<CliException>(() => Resolve(new ControllerOptionValues(TokenFile: "/empty"), files: new() { ["/empty"] = "\n" }));

        Assert.StartsWith("cannot read --controller-token-file /nope: ", missing.Message, StringComparison.Ordinal);
        Assert.Equal("--controller-token-file /empty is empty", empty.Message);
        Assert.Contains("<state-dir>/token", empty.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9443", "--controller \"http://127.0.0.1:9443\" is plaintext http://; add --insecure")]
    [InlineData("https://controller:9443/api", "--controller \"https://controller:9443/api\": an address has no path")]
    public void Resolve_BadAddress_IsAUsageErrorNamingTheOption(string controller, string expected)
    {
        var error = Assert.Throws<UsageException>(() => Resolve(new ControllerOptionValues(controller)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static ControllerSettings Resolve(ControllerOptionValues values, Dictionary<string, string>? variables = null, Dictionary<string, string>? files = null) =>
        ControllerSettings.Resolve(
            values,
            name => variables?.GetValueOrDefault(name),
            path => files is not null && files.TryGetValue(path, out var content) ? content : throw new FileNotFoundException($"Could not find file '{path}'."),
            State);
}
