using LiquidMetal.Cli.Commands;
using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Tests.Commands;

public class GlobalOptionsTests
{
    [Fact]
    public void ReadValues_OptionsAfterTheSubcommand_AreRead()
    {
        var (options, parseResult) = Parse("vm", "list", "--agent", "unix:///run/lm.sock", "--token", "t", "--ca-file", "ca.pem",
            "--cert-file", "c.pem", "--key-file", "k.pem", "--insecure", "-o", "json");

        var values = options.ReadValues(parseResult);

        Assert.Equal("unix:///run/lm.sock", values.Agent);
        Assert.Equal("t", values.Token);
        Assert.Equal("ca.pem", values.CaFile);
        Assert.Equal("c.pem", values.CertFile);
        Assert.Equal("k.pem", values.KeyFile);
        Assert.True(values.Insecure);
        Assert.Equal(OutputFormat.Json, options.ReadOutputFormat(parseResult));
    }

    [Fact]
    public void ReadValues_OptionsBeforeTheSubcommand_AreRead()
    {
        var (options, parseResult) = Parse("--output", "yaml", "--token-file", "/run/token", "host", "info");

        Assert.Equal("/run/token", options.ReadValues(parseResult).TokenFile);
        Assert.Equal(OutputFormat.Yaml, options.ReadOutputFormat(parseResult));
    }

    [Fact]
    public void ReadValues_NothingGiven_IsAllNullAndTable()
    {
        var (options, parseResult) = Parse("vm", "list");

        Assert.Equal(new AgentOptionValues(), options.ReadValues(parseResult));
        Assert.Equal(OutputFormat.Table, options.ReadOutputFormat(parseResult));
    }

    private static (GlobalOptions Options, System.CommandLine.ParseResult Result) Parse(params string[] args)
    {
        var options = new GlobalOptions();
        var parseResult = Cli.BuildRootCommand(new CliEnvironment { Out = TextWriter.Null, Error = TextWriter.Null }, options).Parse(args);
        Assert.Empty(parseResult.Errors);
        return (options, parseResult);
    }
}
