using LiquidMetal.Cli.Connection;

namespace LiquidMetal.Cli.Errors;

/// <summary>
/// What the error reporter needs to give a useful hint: the agent or controller that was dialled, and (for a
/// create) a way to find where a field named by the agent sits in the spec file.
/// </summary>
internal sealed record ErrorContext(AgentSettings? Settings = null, Func<string, string?>? LocateField = null, ControllerSettings? Controller = null)
{
    public static ErrorContext None { get; } = new();

    /// <summary>The controller when the command talked to it, else the agent.</summary>
    public RemoteTarget Target => Controller is { } controller ? RemoteTarget.Controller(controller) : RemoteTarget.Agent(Settings);
}
