namespace LiquidMetal.Controller.Core.Ports;

/// <summary>A call to a workload cluster's API server failed; the message names the server and what it answered.</summary>
public sealed class WorkloadApiException : Exception
{
    public WorkloadApiException() { }
    public WorkloadApiException(string message) : base(message) { }
    public WorkloadApiException(string message, Exception inner) : base(message, inner) { }

    public WorkloadApiException(WorkloadApiErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public WorkloadApiErrorCode Code { get; }
}
