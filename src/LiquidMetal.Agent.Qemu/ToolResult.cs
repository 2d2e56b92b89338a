namespace LiquidMetal.Agent.Qemu;

/// <summary>How a short-lived helper program (qemu-img, the launcher shell, qemu --version) ended.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<string> ErrorLines =>
        [.. StandardError.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];
}
