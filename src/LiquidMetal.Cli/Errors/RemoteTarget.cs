using LiquidMetal.Cli.Connection;

namespace LiquidMetal.Cli.Errors;

/// <summary>The server a command talked to, and the words the error reporter uses to say how to fix the connection.</summary>
internal sealed record RemoteTarget(
    string Noun,
    string Address,
    string AddressHint,
    string TokenHint,
    string TlsHint,
    bool Insecure,
    bool IsUnixSocket)
{
    public static RemoteTarget Agent(AgentSettings? settings)
    {
        var address = settings?.Address.Display ?? "the configured address";
        return new RemoteTarget(
            "agent",
            address,
            $"is the agent running at {address}? check --agent (or LM_AGENT)",
            "check --token (or --token-file, LM_TOKEN)",
            "check --ca-file or use --insecure for a plaintext agent",
            settings?.Insecure ?? false,
            settings?.Address.IsUnixSocket ?? false);
    }

    public static RemoteTarget Controller(ControllerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var address = settings.Address.Display;
        var token = settings.TokenFrom is null
            ? $"no token was given: pass --controller-token-file (or set {ControllerSettings.TokenFileVariable}); the controller writes its token to <state-dir>/token"
            : $"the token came from {settings.TokenFrom}; check it against the controller's (<state-dir>/token, or its --token/--token-file)";
        return new RemoteTarget(
            "controller",
            address,
            $"is the controller running at {address}? check --controller (or {ControllerSettings.ControllerVariable}); liquidmetal-controller listens on 127.0.0.1:9443 by default",
            token,
            $"check --controller-ca (or {ControllerSettings.CaFileVariable}): the controller's generated CA is <state-dir>/tls/ca.crt; a plaintext controller (--insecure) needs --insecure and http://",
            settings.Insecure,
            settings.Address.IsUnixSocket);
    }
}
