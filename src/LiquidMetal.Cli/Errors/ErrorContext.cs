using LiquidMetal.Cli.Connection;

namespace LiquidMetal.Cli.Errors;

/// <summary>
/// What the error reporter needs to give a useful hint: the agent that was dialled, and (for a create)
/// a way to find where a field named by the agent sits in the spec file.
/// </summary>
internal sealed record ErrorContext(AgentSettings? Settings = null, Func<string, string?>? LocateField = null)
{
    public static ErrorContext None { get; } = new();
}
