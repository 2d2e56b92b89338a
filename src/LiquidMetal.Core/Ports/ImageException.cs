namespace LiquidMetal.Core.Ports;

/// <summary>An image could not be resolved. Permanent errors (bad reference, missing file) are not retried quickly.</summary>
public sealed class ImageException : Exception
{
    public ImageException() { }
    public ImageException(string message) : base(message) { }
    public ImageException(string message, Exception inner) : base(message, inner) { }
}
