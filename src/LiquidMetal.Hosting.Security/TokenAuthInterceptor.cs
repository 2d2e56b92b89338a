using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace LiquidMetal.Hosting.Security;

/// <summary>
/// Flintlock's token check: header <c>authorization: Basic base64(token)</c> (base64 of the raw token, not
/// user:pass). The health service stays open so load balancers and probes need no secret.
/// </summary>
public sealed class TokenAuthInterceptor(ApiToken token) : Interceptor
{
    private const string HealthPrefix = "/grpc.health.v1.Health/";

    // The header value every call must carry, computed once: the check runs on every call.
    private readonly byte[]? _expected = token.Value is null ? null : Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(token.Value)));

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
        if (_expected is null || context.Method.StartsWith(HealthPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing token: send header 'authorization: Basic <base64 of the token>'"));
        }

        var given = header.AsSpan(6).Trim();
        Span<byte> givenBytes = given.Length <= 512 ? stackalloc byte[given.Length] : new byte[given.Length];
        Encoding.ASCII.GetBytes(given, givenBytes);
        if (!CryptographicOperations.FixedTimeEquals(_expected, givenBytes))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "invalid token"));
        }
    }
}
