using LiquidMetal.Cli;

namespace LiquidMetal.Agent.IntegrationTests.Harness;

/// <summary>Runs <c>lm</c> in-process against a test agent (its address, CA and token), capturing what it prints.</summary>
public static class Lm
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(AgentProcess agent, string[] args, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var variables = new Dictionary<string, string>
        {
            ["LM_AGENT"] = agent.Address,
            ["LM_CA_FILE"] = agent.CaFile,
            ["LM_TOKEN"] = token ?? File.ReadAllText(agent.TokenFile).Trim(),
        };
        var environment = new CliEnvironment { Out = stdout, Error = stderr, GetVariable = name => variables.GetValueOrDefault(name) };
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var code = await Cli.Cli.RunAsync(args, environment, cts.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
