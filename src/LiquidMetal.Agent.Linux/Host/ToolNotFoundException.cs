namespace LiquidMetal.Agent.Linux.Host;

/// <summary>A host command the agent needs is not installed (or not executable).</summary>
public sealed class ToolNotFoundException : Exception
{
    public ToolNotFoundException() { }
    public ToolNotFoundException(string message) : base(message) { }
    public ToolNotFoundException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The command that could not be started.</summary>
    public string? Tool { get; init; }
}
