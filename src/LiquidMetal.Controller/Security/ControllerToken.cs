using System.Security.Cryptography;
using LiquidMetal.Controller.Hosting;

namespace LiquidMetal.Controller.Security;

/// <summary>
/// The API token clients must present: given, read from a file, or generated into the state directory (0600)
/// on first start, so the controller is never open by default. Null only when auth is disabled explicitly.
/// </summary>
internal sealed record ControllerToken(string? Value)
{
    public static string TokenPath(ControllerOptions options) => options.TokenFile ?? Path.Combine(options.StateDirectory, "token");

    public static ControllerToken Resolve(ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DisableAuth)
        {
            return new ControllerToken((string?)null);
        }

        if (!string.IsNullOrEmpty(options.Token))
        {
            return new ControllerToken(options.Token);
        }

        var path = TokenPath(options);
        if (!File.Exists(path))
        {
            if (options.TokenFile is not null)
            {
                throw new InvalidOperationException($"Controller:TokenFile {path} does not exist; create it with the token, or leave TokenFile unset to have one generated");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            TlsMaterial.WritePrivate(path, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) + "\n");
        }

        var token = File.ReadAllText(path).Trim();
        return new ControllerToken(token.Length > 0 ? token : throw new InvalidOperationException($"The token file {path} is empty"));
    }
}
