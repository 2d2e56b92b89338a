using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace LiquidMetal.Controller.Security;

/// <summary>
/// Flintlock's token check: header <c>authorization: Basic base64(token)</c> (base64 of the raw token, not
/// user:pass). The health service stays open so load balancers and probes need no secret.
/// </summary>
internal sealed class TokenAuthInterceptor(ControllerToken token) : Interceptor
{
    private const string HealthPrefix = "/grpc.health.v1.Health/";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        if (token.Value is null || context.Method.StartsWith(HealthPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing token: send header 'authorization: Basic <base64 of the token>'"));
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(token.Value)));
        var given = Encoding.ASCII.GetBytes(header[6..].Trim());
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "invalid token"));
        }
    }
}
