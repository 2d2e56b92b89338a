using System.Text;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Connection;

/// <summary>
/// How to reach and authenticate to the agent, after applying environment-variable fallbacks
/// (<c>LM_AGENT</c>, <c>LM_TOKEN</c>, <c>LM_CA_FILE</c>) and checking that the options fit together.
/// </summary>
internal sealed record AgentSettings(
    AgentAddress Address,
    string? Token,
    string? CaFile,
    string? CertFile,
    string? KeyFile,
    bool Insecure)
{
    public const string DefaultAgent = "https://127.0.0.1:9090";
    public const string DefaultInsecureAgent = "http://127.0.0.1:9090";
    public const string AgentVariable = "LM_AGENT";
    public const string TokenVariable = "LM_TOKEN";
    public const string CaFileVariable = "LM_CA_FILE";

    /// <summary>The value of the <c>authorization</c> header, or null when no token is set.</summary>
    public string? AuthorizationHeader => Token is null ? null : FormatAuthorization(Token);

    /// <summary><c>Basic base64(token)</c>: base64 of the raw token (not user:password), as flintlock expects.</summary>
    public static string FormatAuthorization(string token) => Api.Client.GrpcClientChannel.BasicAuthorization(token);

    /// <summary>
    /// Applies the fallbacks: a flag wins over its environment variable, which wins over the default.
    /// Throws <see cref="UsageException"/> for options that contradict each other.
    /// </summary>
    public static AgentSettings Resolve(AgentOptionValues values, Func<string, string?> getVariable, Func<string, string> readFile)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(readFile);

        var agent = NullIfEmpty(values.Agent)
            ?? NullIfEmpty(getVariable(AgentVariable))
            ?? (values.Insecure ? DefaultInsecureAgent : DefaultAgent);
        var address = AgentAddress.Parse(agent, values.Insecure);

        if (values.Token is not null && values.TokenFile is not null)
        {
            throw new UsageException("--token and --token-file are mutually exclusive; give one of them");
        }

        var token = values.TokenFile is { } tokenFile
            ? ReadToken(tokenFile, readFile)
            : NullIfEmpty(values.Token) ?? NullIfEmpty(getVariable(TokenVariable));

        if (values.KeyFile is not null && values.CertFile is null)
        {
            throw new UsageException("--key-file needs --cert-file (the client certificate it belongs to)");
        }

        var caFile = NullIfEmpty(values.CaFile) ?? NullIfEmpty(getVariable(CaFileVariable));
        return new AgentSettings(address, token, caFile, NullIfEmpty(values.CertFile), NullIfEmpty(values.KeyFile), values.Insecure);
    }

    private static string ReadToken(string path, Func<string, string> readFile)
    {
        string text;
        try
        {
            text = readFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read --token-file {path}: {e.Message}", "check the path and its permissions", innerException: e);
        }

        // Token files usually end with a newline; surrounding whitespace is never part of a token.
        var token = text.Trim();
        return token.Length > 0 ? token : throw new CliException($"--token-file {path} is empty", "put the agent's token in the file");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
