using System.Security.Authentication;
using Grpc.Core;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Agents;

/// <summary>gRPC failures → <see cref="HostAgentException"/> with a code the controller can act on and a message naming the agent.</summary>
internal static class RpcErrorMapper
{
    public static HostAgentException Map(RpcException e, string endpoint, string operation)
    {
        ArgumentNullException.ThrowIfNull(e);
        var detail = e.Status.Detail;
        if (IsTlsFailure(e.Status.DebugException))
        {
            return new HostAgentException(HostAgentErrorCode.TlsFailed,
                $"Agent {endpoint}: the TLS handshake for {operation} failed ({Innermost(e.Status.DebugException!).Message}); give the CA file that signed the agent's certificate and dial a name the certificate holds", e);
        }

        // A connect or handshake that times out surfaces as Cancelled, though nobody cancelled: it is a deadline.
        var status = e.StatusCode == StatusCode.Cancelled && Has<TimeoutException>(e.Status.DebugException) ? StatusCode.DeadlineExceeded : e.StatusCode;
        var (code, next) = status switch
        {
            StatusCode.Unavailable => (HostAgentErrorCode.Unavailable, "the agent is not reachable; it is retried"),
            StatusCode.DeadlineExceeded => (HostAgentErrorCode.DeadlineExceeded, "the agent did not answer in time; it is retried"),
            StatusCode.NotFound => (HostAgentErrorCode.NotFound, "the agent has no such VM"),
            StatusCode.AlreadyExists => (HostAgentErrorCode.AlreadyExists, "a VM with this namespace and id exists with a different spec; delete it first"),
            StatusCode.InvalidArgument => (HostAgentErrorCode.InvalidArgument, "the agent rejected the request"),
            StatusCode.FailedPrecondition => (HostAgentErrorCode.FailedPrecondition, "the host cannot run this VM as asked"),
            StatusCode.Unauthenticated => (HostAgentErrorCode.Unauthenticated, "check the host's agent token"),
            StatusCode.PermissionDenied => (HostAgentErrorCode.PermissionDenied, "the agent refused the caller"),
            StatusCode.OutOfRange => (HostAgentErrorCode.RevisionCompacted, "watch again from revision 0"),
            _ => (HostAgentErrorCode.AgentError, "see the agent's log"),
        };
        return new HostAgentException(code, $"Agent {endpoint}: {operation} failed with {status}: {detail} ({next})", e);
    }

    private static bool IsTlsFailure(Exception? exception) => Has<AuthenticationException>(exception);

    private static bool Has<T>(Exception? exception)
        where T : Exception
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is T)
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner;
    }
}
