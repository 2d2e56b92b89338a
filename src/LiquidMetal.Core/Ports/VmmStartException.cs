namespace LiquidMetal.Core.Ports;

/// <summary>The VMM refused to start the VM (e.g. an unloadable kernel); Output quotes what it said.</summary>
public sealed class VmmStartException : Exception
{
    public VmmStartException() { }
    public VmmStartException(string message) : base(message) { }
    public VmmStartException(string message, Exception inner) : base(message, inner) { }

    public VmmStartException(string message, IReadOnlyList<string> output)
        : base(message) => Output = output;

    public IReadOnlyList<string> Output { get; } = [];
}
