namespace LiquidMetal.Testing.Agent;

/// <summary>
/// How a test or benchmark starts the agent: a program and the arguments that come before the agent's own.
/// </summary>
public sealed record AgentExecutable(string FileName, IReadOnlyList<string> LeadingArguments, string Description)
{
    /// <summary>The Native AOT binary, as deployed (scripts/publish-agent.sh).</summary>
    public static AgentExecutable Native(string path) => new(path, [], $"Native AOT ({path})");

    /// <summary>The JIT build run by the dotnet host (quick to rebuild while developing).</summary>
    public static AgentExecutable Jit(string dll) => new("dotnet", [dll], $"JIT ({dll})");

    public bool Exists => LeadingArguments.Count == 0 ? File.Exists(FileName) : File.Exists(LeadingArguments[0]);
}
