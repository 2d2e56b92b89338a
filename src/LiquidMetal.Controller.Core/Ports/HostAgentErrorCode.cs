namespace LiquidMetal.Controller.Core.Ports;

/// <summary>Why a call to a host agent failed (from the gRPC status, or from the client's own checks).</summary>
public enum HostAgentErrorCode
{
    /// <summary>The agent could not be reached or the connection dropped. Transient.</summary>
    Unavailable = 0,

    /// <summary>The call did not finish within its deadline. Transient.</summary>
    DeadlineExceeded = 1,

    NotFound = 2,

    /// <summary>A VM with this namespace/id exists with a different spec.</summary>
    AlreadyExists = 3,

    /// <summary>The agent rejected the request; the message lists every bad field.</summary>
    InvalidArgument = 4,

    /// <summary>The host cannot do it (e.g. MACVTAP without a parent interface).</summary>
    FailedPrecondition = 5,

    /// <summary>Missing or wrong token.</summary>
    Unauthenticated = 6,

    PermissionDenied = 7,

    /// <summary>The watch's revision is older than the agent's change log: list again from revision 0.</summary>
    RevisionCompacted = 8,

    /// <summary>The TLS handshake failed: the agent's certificate is not trusted or does not name the host.</summary>
    TlsFailed = 9,

    /// <summary>The endpoint or CA file is unusable; nothing was sent.</summary>
    InvalidConfiguration = 10,

    /// <summary>Anything else the agent reported (Internal, Unknown, ...).</summary>
    AgentError = 11,
}
