using LiquidMetal.Agent.Linux.Host;

namespace LiquidMetal.Agent.Linux.Tests.TestSupport;

/// <summary>Runs real host tools from tests.</summary>
internal static class Shell
{
    public static ProcessResult Run(string tool, params string[] arguments) =>
        ProcessRunner.RunAsync(tool, arguments, CancellationToken.None).GetAwaiter().GetResult();

    public static string RunChecked(string tool, params string[] arguments)
    {
        var result = Run(tool, arguments);
        return result.Succeeded
            ? result.StandardOutput
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed: {result.Diagnostic}");
    }
}
