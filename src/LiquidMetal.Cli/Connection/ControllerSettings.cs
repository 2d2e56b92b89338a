using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Connection;

/// <summary>
/// How to reach and authenticate to the controller. A flag wins over its environment variable, which wins over
/// the controller's own files on this machine (its default state directory), which win over nothing.
/// </summary>
/// <param name="CaFile">The CA to trust for the controller's certificate (null: the system's roots only).</param>
/// <param name="TokenFrom">Where the token came from, for hints ("--controller-token-file /x", "LM_CONTROLLER_TOKEN", ...).</param>
internal sealed record ControllerSettings(AgentAddress Address, string? Token, string? CaFile, bool Insecure, string? TokenFrom)
{
    public const int DefaultPort = 9443;
    public const string DefaultController = "https://127.0.0.1:9443";
    public const string DefaultInsecureController = "http://127.0.0.1:9443";
    public const string ControllerVariable = "LM_CONTROLLER";
    public const string CaFileVariable = "LM_CONTROLLER_CA_FILE";
    public const string TokenFileVariable = "LM_CONTROLLER_TOKEN_FILE";
    public const string TokenVariable = "LM_CONTROLLER_TOKEN";

    /// <summary>The controller's default state directory (its <c>--state-dir</c>): <c>tls/ca.crt</c> and <c>token</c> are used when readable.</summary>
    public const string DefaultStateDirectory = "/var/lib/liquidmetal/controller";

    /// <summary>The value of the <c>authorization</c> header, or null when no token is set.</summary>
    public string? AuthorizationHeader => Token is null ? null : AgentSettings.FormatAuthorization(Token);

    /// <param name="stateDirectory">Where the local controller keeps its generated CA and token (defaults).</param>
    public static ControllerSettings Resolve(ControllerOptionValues values, Func<string, string?> getVariable, Func<string, string> readFile, string stateDirectory = DefaultStateDirectory)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(readFile);

        var controller = NullIfEmpty(values.Controller)
            ?? NullIfEmpty(getVariable(ControllerVariable))
            ?? (values.Insecure ? DefaultInsecureController : DefaultController);
        var address = AgentAddress.Parse(controller, values.Insecure, "--controller", DefaultPort);

        if (values.Token is not null && values.TokenFile is not null)
        {
            throw new UsageException("--controller-token and --controller-token-file are mutually exclusive; give one of them");
        }

        var (token, from) = values switch
        {
            { TokenFile: { } file } => (ReadToken(file, readFile, $"--controller-token-file {file}"), $"--controller-token-file {file}"),
            { Token: { } given } when NullIfEmpty(given) is not null => (given, "--controller-token"),
            _ => FromEnvironmentOrDefault(getVariable, readFile, stateDirectory),
        };

        var caFile = NullIfEmpty(values.CaFile) ?? NullIfEmpty(getVariable(CaFileVariable));
        if (caFile is null && address.UsesTls && Readable(Path.Combine(stateDirectory, "tls", "ca.crt"), readFile))
        {
            caFile = Path.Combine(stateDirectory, "tls", "ca.crt");
        }

        return new ControllerSettings(address, token, address.UsesTls ? caFile : null, values.Insecure, from);
    }

    private static (string? Token, string? From) FromEnvironmentOrDefault(Func<string, string?> getVariable, Func<string, string> readFile, string stateDirectory)
    {
        var file = NullIfEmpty(getVariable(TokenFileVariable));
        var token = NullIfEmpty(getVariable(TokenVariable));
        if (file is not null && token is not null)
        {
            throw new UsageException($"{TokenFileVariable} and {TokenVariable} are both set; unset one of them (or give --controller-token-file)");
        }

        if (file is not null)
        {
            return (ReadToken(file, readFile, $"{TokenFileVariable} {file}"), $"{TokenFileVariable} {file}");
        }

        if (token is not null)
        {
            return (token, TokenVariable);
        }

        var local = Path.Combine(stateDirectory, "token");
        if (Readable(local, readFile))
        {
            var text = readFile(local).Trim();
            return text.Length > 0 ? (text, local) : (null, null);
        }

        return (null, null);
    }

    private static string ReadToken(string path, Func<string, string> readFile, string what)
    {
        string text;
        try
        {
            text = readFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {what}: {e.Message}", "check the path and its permissions; the controller writes its token to <state-dir>/token", innerException: e);
        }

        var token = text.Trim();
        return token.Length > 0 ? token : throw new CliException($"{what} is empty", "put the controller's token in the file (the controller writes it to <state-dir>/token)");
    }

    private static bool Readable(string path, Func<string, string> readFile)
    {
        try
        {
            readFile(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
