namespace LiquidMetal.Core.Ports;

public sealed class NetworkException : Exception
{
    public NetworkException() { }
    public NetworkException(string message) : base(message) { }
    public NetworkException(string message, Exception inner) : base(message, inner) { }

    /// <summary>True when retrying cannot help until the host changes (e.g. macvtap unsupported here).</summary>
    public bool IsPrecondition { get; init; }
}
