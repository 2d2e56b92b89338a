namespace LiquidMetal.Controller.Core.Ports;

/// <summary>A desired-state source failed; the message names the source and what to do next.</summary>
public sealed class DesiredStateException : Exception
{
    public DesiredStateException() { }
    public DesiredStateException(string message) : base(message) { }
    public DesiredStateException(string message, Exception inner) : base(message, inner) { }

    public DesiredStateException(DesiredStateErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public DesiredStateErrorCode Code { get; }
}
