namespace LiquidMetal.Core.Ports;

public sealed class SeedException : Exception
{
    public SeedException() { }
    public SeedException(string message) : base(message) { }
    public SeedException(string message, Exception inner) : base(message, inner) { }
}
