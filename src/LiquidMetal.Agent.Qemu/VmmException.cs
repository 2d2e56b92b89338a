namespace LiquidMetal.Agent.Qemu;

/// <summary>
/// A failure of the QEMU adapter that retrying may fix (host, QMP, timeouts). Failures that retrying cannot fix
/// for this VM (QEMU refused the launch spec, e.g. an unloadable kernel) are
/// <see cref="LiquidMetal.Core.Ports.VmmStartException"/> instead, which the reconciler treats as permanent.
/// </summary>
public sealed class VmmException : Exception
{
    public VmmException() { }
    public VmmException(string message) : base(message) { }
    public VmmException(string message, Exception inner) : base(message, inner) { }

    public VmmException(VmmErrorCode code, string message) : base(message) => Code = code;
    public VmmException(VmmErrorCode code, string message, Exception inner) : base(message, inner) => Code = code;

    public VmmErrorCode Code { get; }
}
