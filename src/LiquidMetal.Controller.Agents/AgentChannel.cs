using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Agents;

/// <summary>Builds the gRPC channel to one agent: address, TLS trusting the host's CA, and the token header on every call.</summary>
internal static class AgentChannel
{
    public static (GrpcChannel Channel, CallInvoker Invoker) Create(HostAgentEndpoint endpoint, HostAgentClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        var uri = AgentAddress.Parse(endpoint.Address, endpoint.Insecure);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        if (!endpoint.Insecure && endpoint.CaFile is { } caFile)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = CaTrust.ChainsTo(CaTrust.Load(caFile));
        }

        var channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // Cancelled and DeadlineExceeded stay RpcExceptions so the two can be told apart.
            ThrowOperationCanceledOnCancellation = false,
        });
        var invoker = channel.CreateCallInvoker();
        if (endpoint.Token is { } token)
        {
            // flintlock's header: "Basic " + base64 of the raw token (not user:password). Plain metadata rather than
            // CallCredentials, which gRPC refuses on plaintext channels.
            var authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token));
            invoker = invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", authorization);
                return metadata;
            });
        }

        return (channel, invoker);
    }
}
