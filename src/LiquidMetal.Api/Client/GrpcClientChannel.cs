using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace LiquidMetal.Api.Client;

/// <summary>
/// The gRPC channel every Liquid Metal client opens (lm to an agent or the controller, the controller to its agents):
/// HTTP/2 over TCP or a unix socket, TLS trusting the given CA, and the token header on every call. Nothing is dialled
/// until the first call.
/// </summary>
public static class GrpcClientChannel
{
    public static (GrpcChannel Channel, CallInvoker Invoker) Create(ServerAddress address, GrpcClientChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        var channel = GrpcChannel.ForAddress(address.ChannelUri, new GrpcChannelOptions
        {
            HttpHandler = CreateHandler(address, options),
            DisposeHttpClient = true,
            ThrowOperationCanceledOnCancellation = options.ThrowOperationCanceledOnCancellation,
        });
        var invoker = channel.CreateCallInvoker();
        if (options.Token is { } token)
        {
            // Plain metadata rather than CallCredentials, which gRPC refuses on plaintext channels.
            var authorization = BasicAuthorization(token);
            invoker = invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", authorization);
                return metadata;
            });
        }

        return (channel, invoker);
    }

    /// <summary>flintlock's header value: "Basic " + base64 of the raw token (not user:password).</summary>
    public static string BasicAuthorization(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token));
    }

    public static SocketsHttpHandler CreateHandler(ServerAddress address, GrpcClientChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };

        if (address.SocketPath is { } socketPath)
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixSocketAsync(socketPath, cancellationToken);
        }

        if (address.UsesTls)
        {
            var tls = new SslClientAuthenticationOptions();
            if (options.TrustedRoots is { } roots)
            {
                tls.RemoteCertificateValidationCallback = CaTrust.ChainsTo(roots);
            }

            if (options.ClientCertificate is { } certificate)
            {
                tls.ClientCertificates = new X509CertificateCollection { certificate };
            }

            handler.SslOptions = tls;
        }

        return handler;
    }

    private static async ValueTask<Stream> ConnectUnixSocketAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException) when (!File.Exists(path))
        {
            // .NET reports a missing socket file as "Cannot assign requested address"; say what is wrong.
            socket.Dispose();
            throw new IOException($"no socket at {path}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
