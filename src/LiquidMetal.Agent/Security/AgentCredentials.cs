using System.Security.Cryptography;
using LiquidMetal.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Security;

/// <summary>
/// The API token: given literally, read from a file, or generated into the state directory (mode 0600) on
/// first start so that the agent is never open by default. Null only when auth is disabled explicitly.
/// </summary>
internal sealed class AgentCredentials
{
    public AgentCredentials(IOptions<AgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var agent = options.Value;
        Token = agent.DisableAuth ? null : Resolve(agent);
    }

    public string? Token { get; }

    public static string TokenPath(AgentOptions agent) => agent.TokenFile ?? Path.Combine(agent.StateDirectory, "token");

    private static string Resolve(AgentOptions agent)
    {
        if (!string.IsNullOrEmpty(agent.Token))
        {
            return agent.Token;
        }

        var path = TokenPath(agent);
        if (!File.Exists(path))
        {
            if (agent.TokenFile is not null)
            {
                throw new InvalidOperationException($"Agent:TokenFile {path} does not exist; create it with the token, or leave TokenFile unset to have one generated");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            TlsMaterial.WritePrivate(path, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) + "\n");
        }

        var token = File.ReadAllText(path).Trim();
        return token.Length > 0 ? token : throw new InvalidOperationException($"The token file {path} is empty");
    }
}
