namespace LiquidMetal.Core.Ports;

/// <summary>
/// An image could not be resolved. Permanent errors (bad reference, missing file, access denied) fail the VM;
/// transient ones (<see cref="IsTransient"/>: a registry that is down, a busy tool) are retried with backoff.
/// </summary>
public sealed class ImageException : Exception
{
    public ImageException() { }
    public ImageException(string message) : base(message) { }
    public ImageException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The same request may succeed later without anything changing in the spec.</summary>
    public bool IsTransient { get; init; }
}
