namespace LiquidMetal.Controller.Core.Ports;

/// <summary>Why a call to a workload cluster's API server failed.</summary>
public enum WorkloadApiErrorCode
{
    /// <summary>No connection, a timeout, or a reset: the control plane is down or not reachable from the controller.</summary>
    Unreachable = 0,

    /// <summary>The server's certificate does not verify against the cluster CA (or not for the endpoint's name).</summary>
    Untrusted = 1,

    /// <summary>401/403: the server did not accept the controller's admin certificate or its rights.</summary>
    Unauthorized = 2,

    /// <summary>Any other refusal (4xx/5xx) with the server's message.</summary>
    Refused = 3,

    /// <summary>The object exists with other contents than the ones the controller would write.</summary>
    Conflict = 4,

    /// <summary>An answer that is not what a kube-apiserver sends.</summary>
    InvalidResponse = 5,
}
