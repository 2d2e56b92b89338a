namespace LiquidMetal.Core.Service;

public sealed class MicroVmServiceException : Exception
{
    public MicroVmServiceException() { }
    public MicroVmServiceException(string message) : base(message) { }
    public MicroVmServiceException(string message, Exception inner) : base(message, inner) { }

    public MicroVmServiceException(ErrorCode code, string message)
        : base(message) => Code = code;

    public ErrorCode Code { get; }
}
