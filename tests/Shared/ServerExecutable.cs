namespace LiquidMetal.Testing.Agent;

/// <summary>
/// How a test or benchmark starts a server (the agent or the controller): a program and the arguments that come
/// before the server's own.
/// </summary>
public sealed record ServerExecutable(string FileName, IReadOnlyList<string> LeadingArguments, string Description)
{
    /// <summary>The Native AOT binary, as deployed (scripts/publish-agent.sh, scripts/publish-controller.sh).</summary>
    public static ServerExecutable Native(string path) => new(path, [], $"Native AOT ({path})");

    /// <summary>The JIT build run by the dotnet host (quick to rebuild while developing).</summary>
    public static ServerExecutable Jit(string dll) => new("dotnet", [dll], $"JIT ({dll})");

    public bool IsNative => LeadingArguments.Count == 0;

    public bool Exists => IsNative ? File.Exists(FileName) : File.Exists(LeadingArguments[0]);

    /// <summary>The program and its leading arguments as one shell-free command line (scripts/site/site.sh reads it word by word).</summary>
    public string CommandLine => string.Join(' ', [FileName, .. LeadingArguments]);
}
