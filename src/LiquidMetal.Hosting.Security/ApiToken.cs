using System.Security.Cryptography;

namespace LiquidMetal.Hosting.Security;

/// <summary>
/// The API token clients must present: given, read from a file, or generated into the state directory (0600)
/// on first start, so a server is never open by default. Null only when authentication is disabled explicitly.
/// </summary>
public sealed record ApiToken(string? Value)
{
    /// <summary>The token's file: the configured one, else <c>&lt;state&gt;/token</c>.</summary>
    public static string TokenPath(string? tokenFile, string stateDirectory) => tokenFile ?? Path.Combine(stateDirectory, "token");

    /// <param name="settingPrefix">Names the settings in errors, e.g. "Agent" for Agent:TokenFile.</param>
    public static ApiToken Resolve(bool disabled, string? literal, string? tokenFile, string stateDirectory, string settingPrefix)
    {
        if (disabled)
        {
            return new ApiToken((string?)null);
        }

        if (!string.IsNullOrEmpty(literal))
        {
            return new ApiToken(literal);
        }

        var path = TokenPath(tokenFile, stateDirectory);
        if (!File.Exists(path))
        {
            if (tokenFile is not null)
            {
                throw new InvalidOperationException($"{settingPrefix}:TokenFile {path} does not exist; create it with the token, or leave TokenFile unset to have one generated");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            TlsMaterial.WritePrivate(path, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) + "\n");
        }

        var token = File.ReadAllText(path).Trim();
        return new ApiToken(token.Length > 0 ? token : throw new InvalidOperationException($"The token file {path} is empty; put the token in it, or delete it to have one generated"));
    }

    // The secret never reaches logs through a record's generated ToString.
    public override string ToString() => Value is null ? "ApiToken(disabled)" : "ApiToken(***)";
}
