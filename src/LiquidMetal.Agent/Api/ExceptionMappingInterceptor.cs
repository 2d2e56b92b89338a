using Grpc.Core;
using Grpc.Core.Interceptors;
using LiquidMetal.Core.Service;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Validation;
using LiquidMetal.Oci;

namespace LiquidMetal.Agent.Api;

/// <summary>The one place where domain exceptions become gRPC status codes.</summary>
internal sealed partial class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } rpc)
        {
            throw rpc;
        }
    }

    private RpcException? Map(Exception ex, ServerCallContext context)
    {
        var status = ex switch
        {
            RpcException => (Status?)null,
            ValidationException v => new Status(StatusCode.InvalidArgument, v.Message),
            MicroVmServiceException { Code: ErrorCode.NotFound } e => new Status(StatusCode.NotFound, e.Message),
            MicroVmServiceException { Code: ErrorCode.AlreadyExists } e => new Status(StatusCode.AlreadyExists, e.Message),
            MicroVmServiceException { Code: ErrorCode.FailedPrecondition } e => new Status(StatusCode.FailedPrecondition, e.Message),
            OciException e => new Status(e.Code switch
            {
                OciErrorCode.InvalidReference => StatusCode.InvalidArgument,
                OciErrorCode.NotFound or OciErrorCode.PlatformNotFound => StatusCode.NotFound,
                OciErrorCode.Unauthorized or OciErrorCode.Denied => StatusCode.PermissionDenied,
                OciErrorCode.Transient => StatusCode.Unavailable,
                _ => StatusCode.FailedPrecondition,
            }, e.Message),
            RevisionCompactedException e => new Status(StatusCode.OutOfRange, e.Message + "; watch again from revision 0"),
            OperationCanceledException when context.CancellationToken.IsCancellationRequested => new Status(StatusCode.Cancelled, "the call was cancelled"),
            _ => new Status(StatusCode.Internal, $"internal error: {ex.Message}; see the agent's log"),
        };
        if (status is { StatusCode: StatusCode.Internal })
        {
            LogUnhandled(ex, context.Method);
        }

        return status is { } s ? new RpcException(s) : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method}")]
    private partial void LogUnhandled(Exception exception, string method);
}
