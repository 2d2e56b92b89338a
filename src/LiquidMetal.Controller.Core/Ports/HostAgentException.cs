namespace LiquidMetal.Controller.Core.Ports;

/// <summary>A host agent call failed; the message names the agent and, for InvalidArgument, quotes the agent's field errors.</summary>
public sealed class HostAgentException : Exception
{
    public HostAgentException() { }
    public HostAgentException(string message) : base(message) { }
    public HostAgentException(string message, Exception inner) : base(message, inner) { }

    public HostAgentException(HostAgentErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public HostAgentErrorCode Code { get; }

    /// <summary>Retrying later may succeed (the agent was unreachable or slow).</summary>
    public bool IsTransient => Code is HostAgentErrorCode.Unavailable or HostAgentErrorCode.DeadlineExceeded;
}
