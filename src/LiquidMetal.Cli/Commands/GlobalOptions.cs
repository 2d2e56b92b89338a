using System.CommandLine;
using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary>The options every command takes: where the agent and the controller are, how to authenticate, and the output format.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Agent { get; } = new("--agent")
    {
        Description = $"Agent address: https://host:port, http://host:port (with --insecure) or unix:///path/to.sock [env: {AgentSettings.AgentVariable}; default: {AgentSettings.DefaultAgent}]",
        HelpName = "address",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Token sent as 'authorization: Basic base64(token)' [env: {AgentSettings.TokenVariable}]",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = "Read the token from this file (surrounding whitespace is dropped)",
        HelpName = "path",
        Recursive = true,
    };

    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = $"Trust this CA (PEM) for the agent's TLS certificate [env: {AgentSettings.CaFileVariable}]",
        HelpName = "path",
        Recursive = true,
    };

    public Option<string?> CertFile { get; } = new("--cert-file")
    {
        Description = "Client certificate (PEM) for mutual TLS; its key in --key-file or in the same file",
        HelpName = "path",
        Recursive = true,
    };

    public Option<string?> KeyFile { get; } = new("--key-file")
    {
        Description = "Private key (PEM) of --cert-file",
        HelpName = "path",
        Recursive = true,
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Talk plaintext HTTP/2 (no TLS); required for http:// addresses. Unix sockets are always plaintext",
        Recursive = true,
    };

    public Option<string?> Controller { get; } = new("--controller")
    {
        Description = $"Controller address (plan, apply, get, describe, delete): https://host:port, or http://host:port with --insecure [env: {ControllerSettings.ControllerVariable}; default: {ControllerSettings.DefaultController}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> ControllerCa { get; } = new("--controller-ca")
    {
        Description = $"Trust this CA (PEM) for the controller's certificate [env: {ControllerSettings.CaFileVariable}; default: {ControllerSettings.DefaultStateDirectory}/tls/ca.crt when readable]",
        HelpName = "path",
        Recursive = true,
    };

    public Option<string?> ControllerTokenFile { get; } = new("--controller-token-file")
    {
        Description = $"Read the controller's token from this file [env: {ControllerSettings.TokenFileVariable}; default: {ControllerSettings.DefaultStateDirectory}/token when readable]",
        HelpName = "path",
        Recursive = true,
    };

    public Option<string?> ControllerToken { get; } = new("--controller-token")
    {
        Description = $"The controller's token [env: {ControllerSettings.TokenVariable}]",
        Recursive = true,
    };

    public Option<string> Output { get; } = CreateOutputOption();

    public IEnumerable<Option> All => [Agent, Token, TokenFile, CaFile, CertFile, KeyFile, Insecure, Controller, ControllerCa, ControllerTokenFile, ControllerToken, Output];

    public OutputFormat ReadOutputFormat(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return Enum.Parse<OutputFormat>(parseResult.GetValue(Output) ?? nameof(OutputFormat.Table), ignoreCase: true);
    }

    public AgentOptionValues ReadValues(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new AgentOptionValues(
            parseResult.GetValue(Agent),
            parseResult.GetValue(Token),
            parseResult.GetValue(TokenFile),
            parseResult.GetValue(CaFile),
            parseResult.GetValue(CertFile),
            parseResult.GetValue(KeyFile),
            parseResult.GetValue(Insecure));
    }

    public ControllerOptionValues ReadControllerValues(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new ControllerOptionValues(
            parseResult.GetValue(Controller),
            parseResult.GetValue(ControllerCa),
            parseResult.GetValue(ControllerTokenFile),
            parseResult.GetValue(ControllerToken),
            parseResult.GetValue(Insecure));
    }

    private static Option<string> CreateOutputOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: table for people; json or yaml (protobuf JSON field names) for programs",
            DefaultValueFactory = _ => "table",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("table", "json", "yaml");
        return option;
    }
}
